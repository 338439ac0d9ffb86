import type { RateLimitInfo, WaitReason } from '../../spec/index.ts';
import { decideCallRetry } from './decide-call-retry.ts';
import { createFairQueue, type FairQueue, type Queued } from './fair-queue.ts';
import type { CallLease, Governor, GovernorOptions, SlotRequest } from './governor.ts';
import {
  blockedBy,
  createKeyState,
  growWindow,
  type KeyState,
  learnFrom,
  rateHeadroom,
  reactToFault,
} from './key-state.ts';
import { giveBack, takeFrom } from './token-bucket.ts';

export type { CallLease, CallVerdict, Governor, GovernorOptions, KeyView, SlotRequest } from './governor.ts';

interface Waiter extends Queued {
  tokens: () => number;
  onWait: SlotRequest['onWait'];
  reported?: WaitReason;
  grant: (lease: CallLease) => void;
}

interface Key {
  state: KeyState;
  queue: FairQueue<Waiter>;
  wake?: { at: number; controller: AbortController };
  /** Live waiters by the reason they were last told: a stronger reason is told to those told a weaker one. */
  told: Record<WaitReason, number>;
}

// A waiter hears of a reason stronger than the one it was told, never of a weaker one: at most three events a wait.
const strength: Record<WaitReason, number> = { concurrency: 0, 'rate-limit': 1, backoff: 2 };

/**
 * Creates a governor. Per key (provider key and model) it bounds requests in flight (a window that
 * shrinks on capacity faults and grows back while calls succeed: AIMD with a slow start), paces
 * requests and tokens per minute (configured, or learned from the provider's headers), and holds
 * the whole key after a 429 or overload. Waiting calls are served round-robin across runs and by
 * priority within a run. Pure: time comes from the Clock, one timer per key.
 */
export function createGovernor(options: GovernorOptions): Governor {
  const { clock } = options;
  const keys = new Map<string, Key>();
  let arrivals = 0;

  function keyOf(name: string): Key {
    let key = keys.get(name);
    if (!key) {
      key = {
        state: createKeyState(name, options.limitsFor?.(name) ?? {}, clock.now()),
        queue: createFairQueue(),
        told: { concurrency: 0, 'rate-limit': 0, backoff: 0 },
      };
      keys.set(name, key);
    }
    return key;
  }

  function tokenCost(key: Key, tokens: () => number): number {
    return key.state.tokens ? tokens() : 0;
  }

  function grant(key: Key, seq: number, tokens: () => number): CallLease {
    const { state } = key;
    const now = clock.now();
    const cost = tokenCost(key, tokens);
    state.inFlight++;
    state.pending.requests++;
    state.pending.tokens += cost;
    if (state.requests) takeFrom(state.requests, 1, now);
    if (state.tokens) takeFrom(state.tokens, cost, now);
    const epoch = state.epoch;
    let open = true;
    let accepted = false;
    let unseen = true;

    // From now on the provider has counted this call (or never will): it is no longer pending.
    const settle = () => {
      if (!unseen) return;
      unseen = false;
      state.pending.requests--;
      state.pending.tokens -= cost;
    };
    const learn = (rateLimit: RateLimitInfo | undefined, at: number) =>
      learnFrom(state, rateLimit, state.pending, now, at);
    const close = () => {
      open = false;
      state.inFlight--;
      if (accepted) state.accepted--;
      settle();
      pump(key);
    };
    return {
      seq,
      accept(rateLimit) {
        if (!open || accepted) return;
        accepted = true;
        state.accepted++;
        state.reportsAccept = true;
        settle();
        learn(rateLimit, clock.now());
        growWindow(state, key.queue.size);
        pump(key);
      },
      succeed({ usage, rateLimit }) {
        if (!open) return;
        const at = clock.now();
        settle();
        // What an accepted call reported was learned when it was fresh; the same headers are older now.
        if (!accepted) learn(rateLimit, at);
        if (state.tokens) giveBack(state.tokens, cost - (usage.inputTokens + usage.outputTokens), at);
        state.failures = 0;
        if (!accepted) growWindow(state, key.queue.size);
        close();
      },
      fail(fault, retries) {
        if (!open) return { retry: false, retryInMs: 0, delayMs: 0 };
        const at = clock.now();
        // A refused call used nothing of the token budget.
        if (state.tokens && cost > 0) giveBack(state.tokens, cost, at);
        settle();
        learn(fault.rateLimit, at);
        const reaction = reactToFault(state, fault, { epoch, accepted }, at);
        if (reaction.backoffMs !== undefined) announce(key, 'backoff', reaction.backoffMs);
        close();
        const delay = decideCallRetry(fault, retries);
        if (delay === undefined) return { retry: false, retryInMs: 0, delayMs: 0, ...reaction };
        return { retry: true, retryInMs: Math.max(delay, state.holdUntil - at), delayMs: delay, ...reaction };
      },
      release() {
        if (open) close();
      },
    };
  }

  /** Grants waiting calls while the key allows; otherwise sets one timer for when it will. */
  function pump(key: Key): void {
    for (;;) {
      const head = key.queue.peek();
      if (!head) {
        cancelWake(key);
        return;
      }
      const now = clock.now();
      const blocked = blockedBy(key.state, () => tokenCost(key, head.tokens), now);
      if (blocked) {
        if (blocked.ms !== undefined) scheduleWake(key, now + blocked.ms);
        announce(key, blocked.reason, blocked.ms);
        return;
      }
      key.queue.shift();
      forget(key, head);
      head.grant(grant(key, head.seq, head.tokens));
    }
  }

  function scheduleWake(key: Key, at: number): void {
    if (key.wake && key.wake.at <= at) return;
    key.wake?.controller.abort();
    const controller = new AbortController();
    key.wake = { at, controller };
    clock.sleep(Math.max(0, at - clock.now()), controller.signal).then(
      () => {
        if (key.wake?.controller !== controller) return;
        key.wake = undefined;
        pump(key);
      },
      () => {},
    );
  }

  function cancelWake(key: Key): void {
    key.wake?.controller.abort();
    key.wake = undefined;
  }

  /** Waiters told a weaker reason than `reason` are told this one. */
  function announce(key: Key, reason: WaitReason, ms: number | undefined): void {
    const weaker = (Object.keys(strength) as WaitReason[]).filter((each) => strength[each] < strength[reason]);
    if (weaker.every((each) => key.told[each] === 0)) return;
    for (const waiter of key.queue.values()) {
      if (!waiter.reported || strength[waiter.reported] >= strength[reason]) continue;
      key.told[waiter.reported]--;
      key.told[reason]++;
      waiter.reported = reason;
      tell(waiter, reason, reason === 'backoff' ? ms : undefined);
    }
  }

  function forget(key: Key, waiter: Waiter): void {
    if (waiter.reported) key.told[waiter.reported]--;
  }

  return {
    acquire(request, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      const key = keyOf(request.key);
      const seq = request.seq ?? ++arrivals;
      const now = clock.now();
      if (key.queue.size === 0 && !blockedBy(key.state, () => tokenCost(key, request.tokens), now)) {
        return Promise.resolve(grant(key, seq, request.tokens));
      }
      return new Promise<CallLease>((resolve, reject) => {
        const onAbort = () => {
          if (waiter.done) return;
          key.queue.remove(waiter);
          forget(key, waiter);
          reject(signal.reason);
          pump(key);
        };
        const waiter: Waiter = {
          run: request.run,
          priority: request.priority,
          seq,
          done: false,
          tokens: request.tokens,
          onWait: request.onWait,
          grant: (lease) => {
            signal.removeEventListener('abort', onAbort);
            resolve(lease);
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        key.queue.push(waiter);
        pump(key);
        if (waiter.done) return;
        const blocked = blockedBy(key.state, () => tokenCost(key, key.queue.peek()?.tokens ?? request.tokens), now);
        const reason = blocked?.reason ?? 'concurrency';
        waiter.reported = reason;
        key.told[reason]++;
        tell(waiter, reason, reason === 'backoff' ? blocked?.ms : undefined);
      });
    },
    inspect(name) {
      const key = keyOf(name);
      const { state } = key;
      const now = clock.now();
      return {
        inFlight: state.inFlight,
        waiting: key.queue.size,
        concurrency: state.window === Number.POSITIVE_INFINITY ? state.window : Math.floor(state.window),
        // The limits themselves, not the slightly lower pace the governor keeps to.
        ...(state.requests ? { requestsPerMinute: Math.round(state.requests.perMinute / rateHeadroom) } : {}),
        ...(state.tokens ? { tokensPerMinute: Math.round(state.tokens.perMinute / rateHeadroom) } : {}),
        ...(state.holdUntil > now ? { holdUntil: state.holdUntil } : {}),
      };
    },
  };
}

// A listener that throws (a run whose log failed) must not stop the key for everyone else.
function tell(waiter: Waiter, reason: WaitReason, ms: number | undefined): void {
  try {
    waiter.onWait?.(reason, ms);
  } catch {}
}
