import type { z } from 'zod';

/** The fields of a mapping that fit their schema, and the names of those present that do not. */
export interface Salvaged<T> {
  fields: Partial<T>;
  /** Fields present but not fitting their schema; every field when the value is not a mapping. */
  broken: ReadonlySet<string>;
  /** Fields present that the schema does not know (the schema check reports them). */
  unknown: readonly string[];
}

/**
 * Keeps each field of `value` that fits its own schema in the strict object `schema`, so checks
 * that need only some fields still run when others are wrong. Unknown fields are left out (the
 * schema check reports them).
 */
export function salvageFields<T>(schema: { shape: Record<string, z.ZodType> }, value: unknown): Salvaged<T> {
  const fields: Record<string, unknown> = {};
  const broken = new Set<string>();
  if (!isMapping(value)) return { fields: {}, broken: new Set(Object.keys(schema.shape)), unknown: [] };
  for (const [name, fieldSchema] of Object.entries(schema.shape)) {
    if (!Object.hasOwn(value, name) || value[name] === undefined) continue;
    const checked = fieldSchema.safeParse(value[name]);
    if (checked.success) fields[name] = checked.data;
    else broken.add(name);
  }
  const unknown = Object.keys(value).filter((name) => !Object.hasOwn(schema.shape, name));
  return { fields: fields as Partial<T>, broken, unknown };
}

/** Each entry of a mapping (e.g. `steps:`) salvaged on its own; undefined when it is not a mapping. */
export function salvageEntries<T>(
  schema: { shape: Record<string, z.ZodType> },
  value: unknown,
): Record<string, Salvaged<T>> | undefined {
  if (!isMapping(value)) return undefined;
  const entries: Record<string, Salvaged<T>> = Object.create(null);
  for (const [name, entry] of Object.entries(value)) entries[name] = salvageFields<T>(schema, entry);
  return entries;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
