import type { CompiledStep, StepFailure, UnitState } from '../../spec/index.ts';
import { retryDelay } from './retry-delay.ts';

/** What the error policy makes of a failed attempt. */
export type FailureDecision =
  | { decision: 'retry'; retryInMs: number }
  | { decision: 'fallback' }
  | { decision: 'continue' }
  | { decision: 'fail' };

/**
 * Applies a step's error policy to a failed attempt: retry while the failure is retryable and
 * attempts remain (counted afresh after a fallback), then the fallback once, then continue or fail.
 * `random` is a draw in [0, 1) for the backoff jitter.
 */
export function decideAfterFailure(
  step: Pick<CompiledStep, 'retry' | 'onError'>,
  unit: Pick<UnitState, 'fallback' | 'fallbackAfter'>,
  attempt: number,
  failure: StepFailure & { retryAfterMs?: number },
  random: number,
): FailureDecision {
  const used = attempt - unit.fallbackAfter;
  if (failure.retryable && used < step.retry.attempts) {
    return { decision: 'retry', retryInMs: retryDelay(step.retry, used, random, failure.retryAfterMs) };
  }
  if (step.onError.action === 'fallback' && !unit.fallback) return { decision: 'fallback' };
  return { decision: step.onError.action === 'continue' ? 'continue' : 'fail' };
}
