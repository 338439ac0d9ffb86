// A family name, optionally followed by a snapshot date or `-latest`.
const snapshotSuffix = /^(?:-\d{8}|-\d{4}-\d{2}-\d{2}|-latest)?$/;

/**
 * What a table keyed by model family says of a model id such as `gpt-5-mini` or
 * `claude-sonnet-4-20250514` (the family itself, a dated snapshot of it, or `-latest`), or undefined.
 */
export function findModelFamily<T>(table: Record<string, T>, modelId: string): T | undefined {
  const id = modelId.toLowerCase();
  for (const [family, value] of Object.entries(table)) {
    if (id.startsWith(family) && snapshotSuffix.test(id.slice(family.length))) return value;
  }
  return undefined;
}
