import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startOpenAICompatibleServer } from './openai-compatible-server.ts';

test('answers non-streaming requests from a script function and records them', async () => {
  const server = await startOpenAICompatibleServer((request, index) => ({
    text: `answer ${index} to ${String(request.body.model)}`,
    toolCalls: [{ id: 'call_1', name: 'search', arguments: { q: 'x' } }],
  }));
  try {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as {
      choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
    };
    assert.equal(body.choices[0]?.message.content, 'answer 0 to m');
    assert.deepEqual(body.choices[0]?.message.tool_calls, [
      { id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } },
    ]);
    assert.equal(body.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(server.requests[0]?.body.messages, [{ role: 'user', content: 'hi' }]);

    const missing = await fetch(`${server.url}/models`);
    assert.equal(missing.status, 404);
  } finally {
    await server.close();
  }
});

test('streams SSE chunks ending in [DONE], with a usage chunk when asked', async () => {
  const server = await startOpenAICompatibleServer([
    { text: 'abcdef', textChunks: 2, usage: { prompt_tokens: 3, completion_tokens: 2 } },
  ]);
  try {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } }),
    });
    const events = (await response.text()).split('\n\n').filter(Boolean);
    assert.equal(events.at(-1), 'data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    assert.deepEqual(
      chunks.flatMap((chunk) =>
        chunk.choices.map((choice: { delta: { content?: string } }) => choice.delta.content ?? ''),
      ),
      ['', 'abc', 'def', ''],
    );
    assert.deepEqual(chunks.at(-1).usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  } finally {
    await server.close();
  }
});
