import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledStep } from '../../spec/index.ts';
import { decideAfterFailure } from './decide-after-failure.ts';

const retry = { attempts: 3, backoffMs: 100, factor: 2, maxBackoffMs: 1_000, jitter: false };
const retryable = { code: 'server', message: '500', retryable: true };
const final = { code: 'auth', message: '401', retryable: false };
const fresh = { fallback: false, fallbackAfter: 0, restartAfter: 0 };
const step = (onError: CompiledStep['onError']) => ({ retry, onError });

describe('decideAfterFailure', () => {
  it('retries a retryable failure with exponential backoff while attempts remain', () => {
    assert.deepEqual(decideAfterFailure(step({ action: 'fail' }), fresh, 1, retryable, 0.5), {
      decision: 'retry',
      retryInMs: 100,
    });
    assert.deepEqual(decideAfterFailure(step({ action: 'fail' }), fresh, 2, retryable, 0.5), {
      decision: 'retry',
      retryInMs: 200,
    });
    assert.deepEqual(decideAfterFailure(step({ action: 'fail' }), fresh, 3, retryable, 0.5), { decision: 'fail' });
  });

  it('waits at least as long as the provider asked', () => {
    const limited = { ...retryable, retryAfterMs: 5_000 };
    assert.deepEqual(decideAfterFailure(step({ action: 'fail' }), fresh, 1, limited, 0), {
      decision: 'retry',
      retryInMs: 5_000,
    });
  });

  it('does not retry a final failure; falls back once, then applies continue or fail', () => {
    const fallback = step({ action: 'fallback', model: 'openai:gpt-5-nano' });
    assert.deepEqual(decideAfterFailure(fallback, fresh, 1, final, 0), { decision: 'fallback' });
    assert.deepEqual(decideAfterFailure(fallback, { fallback: true, fallbackAfter: 1, restartAfter: 0 }, 2, final, 0), {
      decision: 'fail',
    });
    assert.deepEqual(decideAfterFailure(step({ action: 'continue' }), fresh, 1, final, 0), { decision: 'continue' });
  });

  it('counts attempts afresh after the fallback took over', () => {
    const fallback = step({ action: 'fallback', model: 'm' });
    const afterFallback = { fallback: true, fallbackAfter: 3, restartAfter: 0 };
    assert.equal(decideAfterFailure(fallback, afterFallback, 4, retryable, 0).decision, 'retry');
    assert.equal(decideAfterFailure(fallback, afterFallback, 6, retryable, 0).decision, 'fail');
  });
});
