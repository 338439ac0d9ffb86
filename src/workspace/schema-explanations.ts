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
