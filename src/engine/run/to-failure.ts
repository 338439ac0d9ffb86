import type { StepFailure } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';

/** The reason an attempt was aborted because it ran out of time. */
export class AttemptTimeout extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.ms = ms;
    this.name = 'AttemptTimeout';
  }
}

/** Turns whatever ended an attempt into a recorded failure with a closed code. */
export function toFailure(error: unknown, signal: AbortSignal): StepFailure & { retryAfterMs?: number } {
  if (signal.aborted && signal.reason instanceof AttemptTimeout) {
    return { code: 'timeout', message: signal.reason.message, retryable: true };
  }
  if (error instanceof StepFailedError) return error.failure;
  const fault = (error as { fault?: unknown } | null)?.fault as
    | { code: string; message: string; retryable: boolean; retryAfterMs?: number }
    | undefined;
  if (fault && typeof fault.code === 'string') {
    const failure = { code: fault.code, message: fault.message, retryable: fault.retryable };
    return fault.retryAfterMs === undefined ? failure : { ...failure, retryAfterMs: fault.retryAfterMs };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, retryable: false };
}
