import type { z } from 'zod';

/** Words for a value that does not fit a schema: the value found and the field it sits in. */
export type Explanation = (value: unknown, field: string | number | undefined) => { message: string; hint?: string };

const explanations = new WeakMap<object, Explanation>();

/**
 * Gives `schema` its own message (and hint) for a value of the wrong type or form, used instead
 * of zod's wherever the schema is used, also when wrapped in `.optional()`. Returns the schema.
 * Kept out of the schema's metadata so the exported JSON Schemas do not change.
 */
export function explainInvalid<T extends z.ZodType>(schema: T, explanation: Explanation): T {
  explanations.set(schema, explanation);
  return schema;
}

/** The explanation registered for `schema` or for a schema it wraps (optional, default, pipe). */
export function explanationOf(schema: z.ZodType | undefined): Explanation | undefined {
  let node = schema as { _zod: { def: { innerType?: unknown; in?: unknown } } } | undefined;
  while (node) {
    const found = explanations.get(node);
    if (found) return found;
    node = (node._zod.def.innerType ?? node._zod.def.in) as typeof node;
  }
  return undefined;
}

/** The fields an object allows, decided by its value (e.g. a step's fields depend on its kind). */
export type FieldsOf = (value: unknown) => readonly string[];

const fieldLists = new WeakMap<object, FieldsOf>();

/** Gives the object schema `schema` the fields "unknown field" hints offer, per value. Returns the schema. */
export function explainFields<T extends z.ZodType>(schema: T, fields: FieldsOf): T {
  fieldLists.set(schema, fields);
  return schema;
}

/** The field list registered for `schema` with `explainFields`, if any. */
export function fieldsOf(schema: z.ZodType | undefined): FieldsOf | undefined {
  return schema ? fieldLists.get(schema) : undefined;
}
