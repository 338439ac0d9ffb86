import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateCostUsd, findListPrice, priceOf } from './prices.ts';

test('list prices match model families and dated snapshots, not other models', () => {
  assert.deepEqual(findListPrice('gpt-5-mini'), { input: 0.25, output: 2 });
  assert.deepEqual(findListPrice('gpt-5-mini-2025-08-07'), { input: 0.25, output: 2 });
  assert.deepEqual(findListPrice('claude-sonnet-4-20250514'), { input: 3, output: 15 });
  assert.deepEqual(findListPrice('claude-opus-4-5-20251101'), { input: 5, output: 25 });
  assert.deepEqual(findListPrice('gemini-2.5-flash-lite'), { input: 0.1, output: 0.4 });
  assert.equal(findListPrice('gpt-5-turbo-ultra'), null);
  assert.equal(findListPrice('qwen3'), null);
});

test('local providers and the simulator are free; unknown providers and models have no price', () => {
  for (const provider of ['ollama', 'lmstudio', 'vllm', 'simulator'])
    assert.deepEqual(priceOf(provider, 'x'), { input: 0, output: 0 });
  assert.deepEqual(priceOf('openrouter', 'anthropic/claude-sonnet-4'), { input: 3, output: 15 });
  assert.equal(priceOf('openai', 'my-finetune'), null);
  assert.equal(priceOf('corp', 'gpt-4o'), null);
});

test('cost is tokens times the price per million', () => {
  assert.equal(estimateCostUsd({ input: 1.25, output: 10 }, { inputTokens: 2000, outputTokens: 500 }), 0.0075);
  assert.equal(estimateCostUsd(null, { inputTokens: 1, outputTokens: 1 }), null);
});
