import type { RateLimitInfo, RateLimitWindow } from '../../spec/index.ts';

/**
 * The rate limits a provider reported in its response headers: OpenAI's (and many compatible
 * servers') `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, with resets such as `1s`,
 * `6m0s` or `120ms`, and Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`,
 * with resets as RFC 3339 times. Limits are taken as per minute. Undefined when there are none.
 */
export function readRateLimit(
  headers: Record<string, string | undefined> | undefined,
  now: number,
): RateLimitInfo | undefined {
  if (!headers) return undefined;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) lower.set(name.toLowerCase(), value);
  const info: RateLimitInfo = {};
  for (const resource of ['requests', 'tokens'] as const) {
    const window = compact({
      limit: readNumber(
        lower.get(`x-ratelimit-limit-${resource}`) ?? lower.get(`anthropic-ratelimit-${resource}-limit`),
      ),
      remaining: readNumber(
        lower.get(`x-ratelimit-remaining-${resource}`) ?? lower.get(`anthropic-ratelimit-${resource}-remaining`),
      ),
      resetMs: readReset(
        lower.get(`x-ratelimit-reset-${resource}`) ?? lower.get(`anthropic-ratelimit-${resource}-reset`),
        now,
      ),
    });
    if (window) info[resource] = window;
  }
  return info.requests || info.tokens ? info : undefined;
}

function compact(window: RateLimitWindow): RateLimitWindow | undefined {
  const entries = Object.entries(window).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as RateLimitWindow) : undefined;
}

function readNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number.parseFloat(value);
}

const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** `1s`, `6m0s`, `1h2m3.5s`, `120ms`, a bare number of seconds, or a date. */
export function readReset(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number.parseFloat(text) * 1000);
  if (/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) {
    let total = 0;
    for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
      total += Number.parseFloat(match[1]!) * units[match[2]!]!;
    return Math.round(total);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
