import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, IdSource, Random } from '../spec/index.ts';
import { asRunId } from '../spec/index.ts';

/** The system clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};

/** Math.random, for jitter. */
export const systemRandom: Random = { next: () => Math.random() };

/** Run ids that sort by start time: `r-` + base36 milliseconds + 4 random hex chars. */
export const systemIds: IdSource = {
  runId: () => asRunId(`r-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`),
};
