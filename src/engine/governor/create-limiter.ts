/** A named capacity, e.g. `{ key: 'model:openai:gpt-5-mini', limit: 4 }`. */
export interface Slot {
  key: string;
  limit: number;
}

/** Hands out slots across several keys at once, first come first served. */
export interface Limiter {
  /**
   * Waits until every slot has room, takes them all, and returns the function that gives them back.
   * Put the slot every caller shares (the global limit) first: once it is full the queue scan stops.
   */
  acquire(slots: readonly Slot[], signal?: AbortSignal): Promise<() => void>;
  /** Units holding a slot of this key now. */
  inUse(key: string): number;
  /** Units waiting for any slot. */
  waiting(): number;
}

interface Waiter {
  slots: readonly Slot[];
  grant: (release: () => void) => void;
  reject: (reason: unknown) => void;
  done: boolean;
}

/**
 * Creates a limiter. Slots are taken atomically (all or none), so two keys can never deadlock.
 * A waiter that does not fit does not block those behind it that do (no head-of-line blocking
 * across models), but the order of arrival is kept among those that fit. A scan stops at the
 * first waiter whose shared first slot is full; keep queues of identical waiters (a capped
 * fan-out) in a limiter of their own so they do not lengthen the shared queue.
 */
export function createLimiter(): Limiter {
  const used = new Map<string, number>();
  // Waiters in arrival order; granted or aborted ones are marked done and dropped lazily, so
  // neither a grant nor an abort moves the whole queue.
  let queue: Waiter[] = [];
  let head = 0;
  let pending = 0;

  const fits = (slots: readonly Slot[]) => slots.every((slot) => (used.get(slot.key) ?? 0) < slot.limit);

  function take(slots: readonly Slot[]): () => void {
    for (const slot of slots) used.set(slot.key, (used.get(slot.key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const slot of slots) used.set(slot.key, (used.get(slot.key) ?? 1) - 1);
      drain();
    };
  }

  function drain(): void {
    while (head < queue.length && queue[head]!.done) head++;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    for (let index = head; index < queue.length; index++) {
      const waiter = queue[index]!;
      if (waiter.done || !fits(waiter.slots)) continue;
      waiter.done = true;
      pending--;
      waiter.grant(take(waiter.slots));
      // Every waiter shares its first (global) slot: once that is full, nobody behind can fit.
      const shared = waiter.slots[0];
      if (shared && (used.get(shared.key) ?? 0) >= shared.limit) return;
    }
  }

  return {
    acquire(slots, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (pending === 0 && fits(slots)) return Promise.resolve(take(slots));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = { slots, grant: resolve, reject, done: false };
        queue.push(waiter);
        pending++;
        // Those ahead may be waiting for slots this one does not need: it must not wait behind them.
        if (fits(slots)) drain();
        signal?.addEventListener(
          'abort',
          () => {
            if (waiter.done) return;
            waiter.done = true;
            pending--;
            reject(signal.reason);
            drain();
          },
          { once: true },
        );
      });
    },
    inUse: (key) => used.get(key) ?? 0,
    waiting: () => pending,
  };
}
