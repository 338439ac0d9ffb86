import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { readModelStream, StreamFailure } from './read-model-stream.ts';

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 2, text: 2, reasoning: 0 },
};

function streamOf(parts: LanguageModelV4StreamPart[]): ReadableStream<LanguageModelV4StreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

test('collects text, tool calls (not provider-executed ones), finish reason and usage', async () => {
  const deltas: string[] = [];
  const outcome = await readModelStream(
    streamOf([
      { type: 'text-delta', id: 't', delta: 'a' },
      { type: 'text-delta', id: 't', delta: 'b' },
      { type: 'tool-call', toolCallId: '1', toolName: 'search', input: '{}' },
      { type: 'tool-call', toolCallId: '2', toolName: 'web', input: '{}', providerExecuted: true },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
    ]),
    (text) => deltas.push(text),
  );
  assert.deepEqual(deltas, ['a', 'b']);
  assert.deepEqual(outcome, {
    text: 'ab',
    toolCalls: [{ id: '1', tool: 'search', input: '{}' }],
    finishReason: 'tool-calls',
    usage: { inputTokens: 5, outputTokens: 2 },
  });
});

test('a stream without finish, or finishing as interrupted, is cut; finishing with error is an error', async () => {
  const cases: Array<[LanguageModelV4StreamPart[], string, boolean]> = [
    [[{ type: 'text-delta', id: 't', delta: 'a' }], 'cut', true],
    [[{ type: 'finish', finishReason: { unified: 'interrupted', raw: undefined }, usage }], 'cut', false],
    [[{ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage }], 'error-part', false],
    [[{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }], 'error-part', false],
  ];
  for (const [parts, kind, partialOutput] of cases) {
    await assert.rejects(readModelStream(streamOf(parts), undefined), (error: unknown) => {
      assert.ok(error instanceof StreamFailure);
      assert.deepEqual([error.kind, error.partialOutput], [kind, partialOutput]);
      return true;
    });
  }
});
