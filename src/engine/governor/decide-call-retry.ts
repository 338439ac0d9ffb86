import type { ModelFault } from '../../spec/index.ts';

/** How many times one model call is made again, per kind of fault, before the step's error policy takes over. */
export const callRetryBudget = {
  /** 429 and overload: the governor holds the whole key, so these retries cost no step attempt. */
  capacity: 6,
  /** 5xx, timeouts, network errors, a stream cut before any output. */
  transient: 2,
} as const;

const capacityCodes = new Set<ModelFault['code']>(['rate-limit', 'overload']);
const transientCodes = new Set<ModelFault['code']>(['server', 'timeout', 'network', 'stream-cut']);

/**
 * Whether a failed model call is made again at the call level, and after how long (ms), or
 * `undefined` when the fault goes to the step's error policy. Final faults (400, 401, 403, quota,
 * invalid output) never are; nor is a call that had already streamed part of its answer: that
 * output reached the caller, so repeating the call is the step's decision, recorded as a new attempt.
 * `retries` is how many times this call was already made again. Capacity faults wait for the key's
 * backoff (which the governor applies), not for a delay of their own.
 */
export function decideCallRetry(fault: ModelFault, retries: number): number | undefined {
  if (!fault.retryable || fault.partialOutput) return undefined;
  if (capacityCodes.has(fault.code)) return retries < callRetryBudget.capacity ? 0 : undefined;
  if (!transientCodes.has(fault.code) || retries >= callRetryBudget.transient) return undefined;
  return Math.max(fault.retryAfterMs ?? 0, Math.min(8_000, 1_000 * 2 ** retries));
}
