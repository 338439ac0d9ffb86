import { BrigadeError } from '../spec/index.ts';

/** `--sim-latency 200` or `--sim-latency 100-400` (milliseconds). */
export function parseLatency(text: string): number | [number, number] {
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    if (low <= high) return [low, high];
  } else if (/^\d+$/.test(text)) {
    return Number(text);
  }
  throw new BrigadeError('USAGE', `--sim-latency "${text}" is not a latency`, {
    hint: 'give milliseconds, e.g. --sim-latency 200, or a range, e.g. --sim-latency 100-400',
  });
}
