import assert from 'node:assert/strict';
import { test } from 'node:test';
import { governorLimits, initialConcurrency } from './governor-limits.ts';

test("a model's limits win over its provider's, field by field; a real provider without concurrency starts cautiously", () => {
  const limitsFor = governorLimits(
    { openai: { requestsPerMinute: 500, concurrency: 4 }, 'openai:gpt-5-mini': { concurrency: 20 }, anthropic: {} },
    (model) => model.startsWith('simulator:'),
  );
  assert.deepEqual(limitsFor('openai:gpt-5-mini'), { requestsPerMinute: 500, concurrency: 20 });
  assert.deepEqual(limitsFor('openai:gpt-5'), { requestsPerMinute: 500, concurrency: 4 });
  assert.deepEqual(limitsFor('anthropic:claude-haiku-4-5'), { initialConcurrency });
  assert.deepEqual(limitsFor('simulator:default'), {}, 'a plain simulated model is not limited');
});
