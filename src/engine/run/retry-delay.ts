import type { RetryPolicy } from '../../spec/index.ts';

/**
 * The delay before retry number `retry` (1 for the first retry): exponential backoff capped at
 * maxBackoffMs, with full jitter when asked, and never less than the provider's retry-after hint.
 */
export function retryDelay(policy: RetryPolicy, retry: number, random: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (retry - 1));
  const delay = policy.jitter ? Math.round(exponential * random) : Math.round(exponential);
  return Math.max(delay, retryAfterMs ?? 0);
}
