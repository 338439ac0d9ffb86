import type { CompiledStep, StepFailure, UnitState } from '../../spec/index.ts';
import { retryDelay } from './retry-delay.ts';

/** What the error policy makes of a failed attempt. */
export type FailureDecision =
  | { decision: 'retry'; retryInMs: number }
  | { decision: 'fallback' }
  | { decision: 'continue' }
  | { decision: 'escalate' }
  | { decision: 'fail' };

/**
 * Applies a step's error policy to a failed attempt: retry while the failure is retryable and
 * attempts remain (counted afresh after a fallback or a person's retry), then the fallback once, then
 * continue, escalate to a person, or fail.
 * `random` is a draw in [0, 1) for the backoff jitter.
 */
export function decideAfterFailure(
  step: Pick<CompiledStep, 'retry' | 'onError'>,
  unit: Pick<UnitState, 'fallback' | 'fallbackAfter' | 'restartAfter'>,
  attempt: number,
  failure: StepFailure & { retryAfterMs?: number },
  random: number,
): FailureDecision {
  const used = attempt - Math.max(unit.fallbackAfter, unit.restartAfter);
  if (failure.retryable && used < step.retry.attempts) {
    return { decision: 'retry', retryInMs: retryDelay(step.retry, used, random, failure.retryAfterMs) };
  }
  if (step.onError.action === 'fallback' && !unit.fallback) return { decision: 'fallback' };
  if (step.onError.action === 'continue') return { decision: 'continue' };
  return { decision: step.onError.action === 'escalate' ? 'escalate' : 'fail' };
}
