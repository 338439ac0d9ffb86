import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRateLimit, readReset } from './read-rate-limit.ts';

test("reads OpenAI's x-ratelimit-* headers, resets like 6m0s and 120ms", () => {
  const info = readRateLimit(
    {
      'X-RateLimit-Limit-Requests': '600',
      'x-ratelimit-remaining-requests': '598',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149000',
      'x-ratelimit-reset-tokens': '6m0s',
      'content-type': 'text/event-stream',
    },
    0,
  );
  assert.deepEqual(info, {
    requests: { limit: 600, remaining: 598, resetMs: 120 },
    tokens: { limit: 150000, remaining: 149000, resetMs: 360_000 },
  });
});

test("reads Anthropic's headers, resets as RFC 3339 times", () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  const info = readRateLimit(
    {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-11-24T10:00:02Z',
    },
    now,
  );
  assert.deepEqual(info, { requests: { limit: 50, remaining: 0, resetMs: 2000 } });
});

test('no rate limit headers, or unreadable ones: nothing', () => {
  assert.equal(readRateLimit({ 'content-type': 'application/json' }, 0), undefined);
  assert.equal(readRateLimit(undefined, 0), undefined);
  assert.equal(readRateLimit({ 'x-ratelimit-limit-requests': 'lots' }, 0), undefined);
});

test('resets: seconds, compound durations, dates', () => {
  assert.equal(readReset('1s', 0), 1000);
  assert.equal(readReset('1h2m3.5s', 0), 3_723_500);
  assert.equal(readReset('2', 0), 2000);
  assert.equal(readReset('soon', 0), undefined);
});
