import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModelGateway } from '../create-model-gateway.ts';
import { ModelCallError } from '../model-call-error.ts';
import { createSimulatedProvider } from './create-simulated-provider.ts';

describe('a simulated rate-limited provider', () => {
  it('admits a second of burst, then refuses with 429, retry-after and x-ratelimit headers until the rate allows', () => {
    let now = 0;
    const provider = createSimulatedProvider({ requestsPerMinute: 120 }, () => now);
    const first = provider.admit(10);
    assert.ok(first.ok);
    assert.deepEqual(first.headers, {
      'x-ratelimit-limit-requests': '120',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '500ms',
    });
    assert.ok(provider.admit(10).ok);
    const refused = provider.admit(10);
    assert.ok(!refused.ok);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after-ms'], '500');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
    now = 500;
    assert.ok(provider.admit(10).ok, 'admitted once the retry-after has passed');
    assert.deepEqual(provider.counts(), { admitted: 3, rateLimited: 1, overloaded: 0 });
  });

  it('caps calls in flight, saying when the first one will end', () => {
    let now = 0;
    const provider = createSimulatedProvider({ concurrency: 2, headers: false }, () => now);
    const a = provider.admit(1, 300);
    const b = provider.admit(1, 800);
    const refused = provider.admit(1, 100);
    assert.ok(a.ok && b.ok && !refused.ok);
    assert.deepEqual(refused.headers, { 'retry-after': '1', 'retry-after-ms': '300' });
    now = 100;
    a.release();
    assert.ok(provider.admit(1).ok);
  });

  it('counts tokens per minute and answers some calls "overloaded" when asked to', () => {
    const provider = createSimulatedProvider({ tokensPerMinute: 6_000 }, () => 0);
    assert.ok(provider.admit(80).ok);
    const refused = provider.admit(80);
    assert.ok(!refused.ok);
    assert.match(refused.message, /6000 tokens per minute/);
    const flaky = createSimulatedProvider({ overloadRate: 0.5 }, () => 0);
    const answers = Array.from({ length: 200 }, () => flaky.admit(1));
    const overloaded = answers.filter((answer) => !answer.ok && answer.status === 529).length;
    assert.ok(overloaded > 60 && overloaded < 140, `${overloaded} of 200 overloaded`);
  });

  it('behind the gateway: the refusal is a rate-limit fault with retry-after and the limits; answers carry them', async () => {
    const provider = createSimulatedProvider({ requestsPerMinute: 60 });
    const gateway = createModelGateway({ env: {}, simulator: { latencyMs: 0, provider } });
    const request = {
      model: 'simulator:limited',
      system: '',
      messages: [{ role: 'user' as const, content: 'hi' }],
      tools: [],
      origin: { runId: 'r', unit: 'u', attempt: 1, turn: 0 },
    };
    const accepted: unknown[] = [];
    const answer = await gateway.generate(request, {
      signal: AbortSignal.timeout(5_000),
      onAccept: (rateLimit) => accepted.push(rateLimit),
    });
    assert.deepEqual(answer.rateLimit?.requests?.limit, 60);
    assert.deepEqual(accepted, [answer.rateLimit], 'reported as the call was accepted, before the answer');
    const error = await gateway.generate(request, { signal: AbortSignal.timeout(5_000) }).catch((caught) => caught);
    assert.ok(error instanceof ModelCallError);
    assert.equal(error.fault.code, 'rate-limit');
    assert.ok((error.fault.retryAfterMs ?? 0) > 900);
    assert.equal(error.fault.rateLimit?.requests?.remaining, 0);
  });
});
