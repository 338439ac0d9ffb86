/** Small formatting helpers shared by the CLI views. */

export const color = (enabled: boolean) => {
  const wrap = (code: string) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    dim: wrap('2'),
    bold: wrap('1'),
    red: wrap('31'),
    green: wrap('32'),
    yellow: wrap('33'),
    blue: wrap('34'),
    cyan: wrap('36'),
  };
};
export type Colors = ReturnType<typeof color>;

/** `950ms`, `2.4s`, `3m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** `1,234`. */
export const formatCount = (value: number) => value.toLocaleString('en-US');

/** `$0.0123`, or `—` when unknown. */
export const formatCost = (usd: number | null) => (usd === null ? '—' : `$${usd.toFixed(4)}`);

/** Pads or cuts to a visible width. */
export function padTo(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/** A one-line preview of an output value. */
export function preview(value: unknown, width: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return padTo((text ?? '').replace(/\s+/g, ' ').trim(), width);
}
