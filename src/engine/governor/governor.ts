import type { Clock, ModelFault, RateLimitInfo, Usage, WaitReason } from '../../spec/index.ts';
import type { KeyLimits, KeyReaction } from './key-state.ts';

/** One model call asking for a slot. */
export interface SlotRequest {
  /** The provider key and model the call goes to (the model string). */
  key: string;
  /** Whose call it is: waiting runs are served in turn. */
  run: string;
  /** Higher goes first within the run (steps on the critical path). */
  priority: number;
  /** Estimated input + output tokens; asked only when the key has a token limit. */
  tokens: () => number;
  /** A retried call passes its lease's `seq` to keep its place. */
  seq?: number;
  /** Told when the call has to wait and why, and again when a backoff of the key begins. */
  onWait?: (reason: WaitReason, expectedMs?: number) => void;
}

/** A granted slot: the call reports how it went, exactly once. */
export interface CallLease {
  /** Arrival order of the call (pass it again when retrying). */
  readonly seq: number;
  /** The provider accepted the call (its response began), reporting these limits. */
  accept(rateLimit: RateLimitInfo | undefined): void;
  succeed(outcome: { usage: Usage; rateLimit?: RateLimitInfo }): void;
  /** The call failed: the key reacts, and the answer says whether to make the call again. */
  fail(fault: ModelFault, retries: number): CallVerdict;
  /** The call was abandoned (cancelled): the slot is freed, nothing is learned. */
  release(): void;
}

/** What becomes of a failed call. */
export interface CallVerdict extends KeyReaction {
  /** Make it again (it waits for its slot again, behind the key's backoff). */
  retry: boolean;
  /** At least this long before it goes out again (its own delay, or the key's backoff). */
  retryInMs: number;
  /** The call's own delay before it asks for a slot again (transient faults; 0 for capacity faults, which the key's backoff holds). */
  delayMs: number;
}

/** How a key looks now: for views, tests and benchmarks. */
export interface KeyView {
  inFlight: number;
  waiting: number;
  /** The concurrency window (Infinity: none). */
  concurrency: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Held until then (ms) after a 429 or overload; absent when not held. */
  holdUntil?: number;
}

/** The one place every model call asks for a slot; shared by every run of the process. */
export interface Governor {
  /** Waits until the call may go out; rejects with the signal's reason when aborted. */
  acquire(request: SlotRequest, signal: AbortSignal): Promise<CallLease>;
  inspect(key: string): KeyView;
}

/** How the governor is set up. */
export interface GovernorOptions {
  clock: Clock;
  /** Limits of a key, asked once, at its first call. Default: none (learned from the provider). */
  limitsFor?: (key: string) => KeyLimits;
}
