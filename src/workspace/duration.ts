/** The duration syntax of workspace files: a number and a unit, e.g. `500ms`, `30s`, `2m`, `1.5h`. */
export const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a duration such as `30s`, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * unitMs[match[2]!]!);
}
