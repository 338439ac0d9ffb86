import type { KeyLimits, ModelLimits } from '../engine/governor/key-state.ts';

/** Requests in flight to a real provider before it has said anything about its limits. */
export const initialConcurrency = 8;

/**
 * The limits each governor key (a model string) starts with: brigade.yaml's `limits:` (a model's
 * entry over its provider's), and, for a real provider without a configured concurrency, a
 * cautious start that grows with every accepted call. A plain simulated model is not limited.
 */
export function governorLimits(
  configured: Record<string, ModelLimits>,
  isLimitless: (model: string) => boolean,
): (key: string) => KeyLimits {
  return (key) => {
    const provider = key.includes(':') ? key.slice(0, key.indexOf(':')) : key;
    const limits: KeyLimits = { ...configured[provider], ...configured[key] };
    if (limits.concurrency !== undefined || isLimitless(key)) return limits;
    return { ...limits, initialConcurrency };
  };
}
