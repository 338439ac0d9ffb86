import { createSeededRandom, hashParts } from './seeded-random.ts';

/** How a simulated provider limits its callers; every limit is optional. */
export interface SimulatedRateLimit {
  requestsPerMinute?: number;
  /** Tokens per minute, counted at admission (the call's input and output). */
  tokensPerMinute?: number;
  /** Most calls in flight at once. */
  concurrency?: number;
  /** Share of calls answered 529 "overloaded" instead, in [0, 1]. */
  overloadRate?: number;
  /** Send `x-ratelimit-*` headers with answers and refusals, as OpenAI does. Default: true. */
  headers?: boolean;
}

/** A call admitted (release it when it ends) or refused, with the headers the provider sends either way. */
export type Admission =
  | { ok: true; headers: Record<string, string>; release: () => void }
  | { ok: false; status: 429 | 529; type: string; message: string; headers: Record<string, string> };

/** What a simulated provider has answered so far. */
export interface ProviderCounts {
  admitted: number;
  /** 429s: a rate or concurrency limit was exceeded. */
  rateLimited: number;
  /** 529s. */
  overloaded: number;
}

/** One rate-limited provider (a key and model), shared by every call to it. */
export interface SimulatedProvider {
  /** Admits a call of `tokens` that will last about `durationMs` (when known), or refuses it. */
  admit(tokens: number, durationMs?: number): Admission;
  counts(): ProviderCounts;
}

interface Bucket {
  perMinute: number;
  capacity: number;
  level: number;
  at: number;
}

/**
 * Creates a provider that limits like the real ones: requests and tokens per minute as token
 * buckets holding one second of their rate (a burst of a second, then a steady pace), a cap on
 * calls in flight, and random overloads. A refusal is a 429 with `retry-after` and
 * `retry-after-ms` saying when the call would be admitted: for a rate, when the bucket has room;
 * for concurrency, when the first call in flight is due to end (1 s when that is unknown).
 */
export function createSimulatedProvider(
  limits: SimulatedRateLimit,
  now: () => number = () => performance.now(),
): SimulatedProvider {
  const start = now();
  const requests = limits.requestsPerMinute ? bucketOf(limits.requestsPerMinute, start) : undefined;
  const tokens = limits.tokensPerMinute ? bucketOf(limits.tokensPerMinute, start) : undefined;
  const inFlight = new Set<{ endsAt: number }>();
  const random = createSeededRandom(hashParts(['simulated provider', JSON.stringify(limits)]));
  const counts: ProviderCounts = { admitted: 0, rateLimited: 0, overloaded: 0 };

  function headers(): Record<string, string> {
    if (limits.headers === false) return {};
    const headers: Record<string, string> = {};
    for (const [name, bucket] of [
      ['requests', requests],
      ['tokens', tokens],
    ] as const) {
      if (!bucket) continue;
      headers[`x-ratelimit-limit-${name}`] = String(bucket.perMinute);
      headers[`x-ratelimit-remaining-${name}`] = String(Math.max(0, Math.floor(bucket.level)));
      headers[`x-ratelimit-reset-${name}`] =
        `${Math.ceil(((bucket.capacity - bucket.level) * 60_000) / bucket.perMinute)}ms`;
    }
    return headers;
  }

  function refuse(waitMs: number, message: string): Admission {
    counts.rateLimited++;
    const ms = Math.max(1, Math.ceil(waitMs));
    return {
      ok: false,
      status: 429,
      type: 'rate_limit_error',
      message: `${message}. Please try again in ${ms}ms.`,
      headers: { ...headers(), 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(ms) },
    };
  }

  return {
    admit(cost, durationMs) {
      const at = now();
      if (requests) refill(requests, at);
      if (tokens) refill(tokens, at);
      if (limits.concurrency !== undefined && inFlight.size >= limits.concurrency) {
        const firstEnd = Math.min(...[...inFlight].map((call) => call.endsAt));
        const wait = Number.isFinite(firstEnd) ? firstEnd - at : 1000;
        return refuse(wait, `Too many concurrent requests (limit ${limits.concurrency})`);
      }
      if (requests && requests.level < 1) {
        return refuse(waitFor(requests, 1), `Rate limit reached: ${requests.perMinute} requests per minute`);
      }
      const need = Math.min(cost, tokens?.capacity ?? 0);
      if (tokens && tokens.level < need) {
        return refuse(waitFor(tokens, need), `Rate limit reached: ${tokens.perMinute} tokens per minute`);
      }
      if (limits.overloadRate && random.next() < limits.overloadRate) {
        counts.overloaded++;
        return { ok: false, status: 529, type: 'overloaded_error', message: 'Overloaded', headers: headers() };
      }
      if (requests) requests.level -= 1;
      if (tokens) tokens.level -= cost;
      counts.admitted++;
      const call = { endsAt: durationMs === undefined ? Number.POSITIVE_INFINITY : at + durationMs };
      inFlight.add(call);
      return { ok: true, headers: headers(), release: () => inFlight.delete(call) };
    },
    counts: () => ({ ...counts }),
  };
}

function bucketOf(perMinute: number, at: number): Bucket {
  const capacity = Math.max(1, perMinute / 60);
  return { perMinute, capacity, level: capacity, at };
}

function refill(bucket: Bucket, at: number): void {
  bucket.level = Math.min(bucket.capacity, bucket.level + ((at - bucket.at) * bucket.perMinute) / 60_000);
  bucket.at = at;
}

function waitFor(bucket: Bucket, need: number): number {
  return ((need - bucket.level) * 60_000) / bucket.perMinute;
}
