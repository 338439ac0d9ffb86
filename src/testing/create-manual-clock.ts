import type { Clock } from '../spec/index.ts';

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * A Clock whose time moves only when a test says so: `advance(ms)` fires due sleeps in time order,
 * letting promise chains settle after each. For pure engine logic (the governor) tested without waiting.
 */
export function createManualClock(start = 0) {
  let now = start;
  let timers: Timer[] = [];

  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const timer: Timer = { at: now + Math.max(0, ms), resolve: () => resolve() };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            timers = timers.filter((each) => each !== timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };

  /** Lets every pending promise callback run. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
  }

  return {
    clock,
    settle,
    /** Moves time forward by `ms`, firing each due sleep at its own time. */
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = Math.max(now, due.at);
        due.resolve();
        await settle();
      }
      now = target;
      await settle();
    },
    /** Sleeps not yet due. */
    pending: () => timers.length,
  };
}
