/**
 * A token bucket refilled continuously at `perMinute`, holding at most one second of it. It may
 * go into debt: a cost bigger than the bucket waits for a full bucket and then takes it all, so a
 * large call is paced instead of refused forever.
 */
export interface TokenBucket {
  perMinute: number;
  level: number;
  /** When `level` was last brought up to date (ms). */
  at: number;
}

/** A full bucket (or one at `level`). */
export function createTokenBucket(perMinute: number, now: number, level?: number): TokenBucket {
  const bucket = { perMinute, level: 0, at: now };
  bucket.level = Math.min(capacityOf(bucket), level ?? capacityOf(bucket));
  return bucket;
}

/** The most the bucket holds: one second of its rate (at least one unit). */
export function capacityOf(bucket: TokenBucket): number {
  return Math.max(1, bucket.perMinute / 60);
}

function refill(bucket: TokenBucket, now: number): void {
  if (now <= bucket.at) return;
  bucket.level = Math.min(capacityOf(bucket), bucket.level + ((now - bucket.at) * bucket.perMinute) / 60_000);
  bucket.at = now;
}

/** Milliseconds until `cost` may be taken (0: now). */
export function msUntil(bucket: TokenBucket, cost: number, now: number): number {
  refill(bucket, now);
  const need = Math.min(cost, capacityOf(bucket));
  // A hair of tolerance: refills are floating point.
  if (bucket.level + 1e-9 >= need) return 0;
  return Math.max(1, Math.ceil(((need - bucket.level) * 60_000) / bucket.perMinute));
}

/** Takes `cost` (possibly into debt). */
export function takeFrom(bucket: TokenBucket, cost: number, now: number): void {
  refill(bucket, now);
  bucket.level -= cost;
}

/** Gives back what was taken but not used (an estimate corrected, a call refused). */
export function giveBack(bucket: TokenBucket, amount: number, now: number): void {
  refill(bucket, now);
  bucket.level = Math.min(capacityOf(bucket), bucket.level + amount);
}

/** Lowers the level to what the provider says is left (never raises it: our own count may be stricter). */
export function lowerTo(bucket: TokenBucket, level: number, now: number): void {
  refill(bucket, now);
  bucket.level = Math.min(bucket.level, level);
}

/** Changes the rate, keeping the level within the new capacity. */
export function setRate(bucket: TokenBucket, perMinute: number, now: number): void {
  refill(bucket, now);
  bucket.perMinute = perMinute;
  bucket.level = Math.min(bucket.level, capacityOf(bucket));
}
