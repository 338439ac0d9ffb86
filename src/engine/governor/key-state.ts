import type { ModelFault, RateLimitInfo, RateLimitWindow, WaitReason } from '../../spec/index.ts';
import { createTokenBucket, lowerTo, msUntil, setRate, type TokenBucket } from './token-bucket.ts';

/** Limits of one provider key and model, as configured (`limits:` in brigade.yaml); each is optional. */
export interface ModelLimits {
  /** Most requests in flight at once. */
  concurrency?: number;
  requestsPerMinute?: number;
  /** Input + output tokens per minute (estimated before a call, corrected after it). */
  tokensPerMinute?: number;
}

/** What the governor starts a key with: its configured limits, and how cautiously to begin. */
export interface KeyLimits extends ModelLimits {
  /**
   * Requests in flight at first, before the provider said anything, when `concurrency` is not
   * configured: the window then grows by one per accepted call (slow start). Absent: no limit.
   */
  initialConcurrency?: number;
}

/** Pace at this share of a rate limit: arrival times jitter, and a request early by a hair is refused. */
export const rateHeadroom = 0.98;
/** Multiplicative decrease of the concurrency window on a capacity fault the rate limits do not explain. */
export const decreaseFactor = 0.7;
/** Backoff after a capacity fault without retry-after: 1 s, doubling per consecutive fault, capped. */
const backoffBaseMs = 1_000;
const backoffMaxMs = 30_000;

/** Everything the governor knows about one key. */
export interface KeyState {
  key: string;
  configured: ModelLimits;
  /** Configured concurrency, else no ceiling. */
  ceiling: number;
  /** How many requests may be in flight now (AIMD); Infinity when nothing limits it. */
  window: number;
  slowStart: boolean;
  inFlight: number;
  /** In-flight calls the provider has accepted (their responses began). */
  accepted: number;
  /** Whether this key's gateway reports acceptance at all (else in-flight counts stand in). */
  reportsAccept: boolean;
  requests?: TokenBucket;
  tokens?: TokenBucket;
  /** Calls (and their estimated tokens) granted but not yet accepted: a header's `remaining` may not count them yet. */
  pending: { requests: number; tokens: number };
  /** Nothing goes out before this (ms): a backoff after a 429 or overload. */
  holdUntil: number;
  /** Nothing goes out before this either: the provider said a resource is used up until its reset. */
  resetAt: number;
  /** Consecutive capacity faults (doubles the backoff when the provider gives no retry-after). */
  failures: number;
  /** Bumped at each reaction to a fault: a fault of a call granted before it is an echo of the same event. */
  epoch: number;
}

/** A key before its first call. */
export function createKeyState(key: string, limits: KeyLimits, now: number): KeyState {
  const ceiling = limits.concurrency ?? Number.POSITIVE_INFINITY;
  const initial = limits.concurrency ?? limits.initialConcurrency ?? Number.POSITIVE_INFINITY;
  const state: KeyState = {
    key,
    configured: { ...limits },
    ceiling,
    window: initial,
    slowStart: initial < ceiling,
    inFlight: 0,
    accepted: 0,
    reportsAccept: false,
    pending: { requests: 0, tokens: 0 },
    holdUntil: 0,
    resetAt: 0,
    failures: 0,
    epoch: 0,
  };
  if (limits.requestsPerMinute) state.requests = createTokenBucket(limits.requestsPerMinute * rateHeadroom, now);
  if (limits.tokensPerMinute) state.tokens = createTokenBucket(limits.tokensPerMinute * rateHeadroom, now);
  return state;
}

/** Why the next call of `tokens` cannot go out now, and for how long when that is known; null: it can. */
export function blockedBy(
  state: KeyState,
  tokens: () => number,
  now: number,
): { reason: WaitReason; ms?: number } | null {
  if (state.holdUntil > now) return { reason: 'backoff', ms: state.holdUntil - now };
  if (state.inFlight >= Math.max(1, Math.floor(state.window))) return { reason: 'concurrency' };
  if (state.resetAt > now) return { reason: 'rate-limit', ms: state.resetAt - now };
  const ms = Math.max(
    state.requests ? msUntil(state.requests, 1, now) : 0,
    state.tokens ? msUntil(state.tokens, tokens(), now) : 0,
  );
  return ms > 0 ? { reason: 'rate-limit', ms } : null;
}

/**
 * Learns from what the provider reported with a call granted at `grantedAt`: limits per minute (the
 * smaller of configured and reported wins), and what is left, minus `unseen` (calls and tokens granted
 * that the provider may not have counted yet: those not accepted, besides this one), plus what came
 * back since the call was granted (a header read when the call ended is as old as the call).
 */
export function learnFrom(
  state: KeyState,
  info: RateLimitInfo | undefined,
  unseen: { requests: number; tokens: number },
  grantedAt: number,
  now: number,
): void {
  if (!info) return;
  const learnedRate = learnWindow(state, 'requests', info.requests, unseen.requests, grantedAt, now);
  learnWindow(state, 'tokens', info.tokens, unseen.tokens, grantedAt, now);
  // Once the provider states its rate limits, pacing protects it: the cautious start is over.
  if (learnedRate && state.slowStart) {
    state.slowStart = false;
    state.window = state.ceiling;
  }
}

function learnWindow(
  state: KeyState,
  resource: 'requests' | 'tokens',
  window: RateLimitWindow | undefined,
  unseen: number,
  grantedAt: number,
  now: number,
): boolean {
  if (!window) return false;
  const configured = resource === 'requests' ? state.configured.requestsPerMinute : state.configured.tokensPerMinute;
  let learned = false;
  if (window.limit !== undefined && window.limit > 0) {
    const perMinute = Math.min(window.limit, configured ?? Number.POSITIVE_INFINITY) * rateHeadroom;
    const bucket = state[resource];
    if (!bucket) state[resource] = createTokenBucket(perMinute, now);
    else if (bucket.perMinute !== perMinute) setRate(bucket, perMinute, now);
    learned = true;
  }
  if (window.remaining !== undefined) {
    const bucket = state[resource];
    const left = window.remaining - unseen + (bucket ? ((now - grantedAt) * bucket.perMinute) / 60_000 : 0);
    if (bucket) lowerTo(bucket, left, now);
    else if (left <= 0 && window.resetMs !== undefined) state.resetAt = Math.max(state.resetAt, now + window.resetMs);
  }
  return learned;
}

/** The provider accepted (or completed) a call: grow the window while calls are waiting for it (AIMD's additive increase). */
export function growWindow(state: KeyState, waiting: number): void {
  if (state.window === Number.POSITIVE_INFINITY) return;
  // Only a window that limits grows (calls wait and it is full): one held back by the rate stays put.
  if (waiting === 0 || state.inFlight + 1 < Math.floor(state.window)) return;
  state.window = Math.min(state.ceiling, state.window + (state.slowStart ? 1 : 1 / state.window));
  if (state.window >= state.ceiling) state.slowStart = false;
}

/** How the key reacted to a fault: for the run's log. */
export interface KeyReaction {
  /** The whole key is held this long (ms). */
  backoffMs?: number;
  /** The concurrency window was lowered to this. */
  concurrency?: number;
}

/**
 * A call granted in `epoch` (and accepted by the provider or not) failed. 429s and overloads hold the whole key (the provider's
 * retry-after, else an exponential backoff); when the rate limits it reported do not explain the
 * refusal (it is about concurrency or load), the concurrency window shrinks too. Only the first
 * fault after a reaction reacts in full: its siblings that fail with it are echoes of the same event.
 */
export function reactToFault(
  state: KeyState,
  fault: ModelFault,
  call: { epoch: number; accepted: boolean },
  now: number,
): KeyReaction {
  if (fault.code !== 'rate-limit' && fault.code !== 'overload') return {};
  const fresh = call.epoch === state.epoch;
  const reaction: KeyReaction = {};
  if (fresh) {
    state.epoch++;
    if (!explainedByRate(fault)) {
      // In flight besides this call: what the provider was actually carrying when it refused.
      const carried = state.reportsAccept ? state.accepted - (call.accepted ? 1 : 0) : state.inFlight - 1;
      state.window = Math.max(1, Math.round(Math.min(state.window, Math.max(1, carried)) * decreaseFactor));
      state.slowStart = false;
      reaction.concurrency = state.window;
    }
  }
  const backoffMs =
    fault.retryAfterMs ?? (fresh ? Math.min(backoffMaxMs, backoffBaseMs * 2 ** state.failures) : undefined);
  if (fresh) state.failures++;
  if (backoffMs !== undefined && backoffMs > 0 && now + backoffMs > state.holdUntil) {
    state.holdUntil = now + backoffMs;
    reaction.backoffMs = backoffMs;
  }
  return reaction;
}

// A 429 whose headers say requests or tokens are used up is about the rate, not concurrency.
function explainedByRate(fault: ModelFault): boolean {
  if (fault.code !== 'rate-limit') return false;
  const { requests, tokens } = fault.rateLimit ?? {};
  return (requests?.remaining ?? 1) <= 0 || (tokens?.remaining ?? 1) <= 0;
}
