import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../../spec/index.ts';
import { createModelGateway } from './create-model-gateway.ts';

// api.openai.com is not reachable here, so a fetch stand-in answers with a recorded-shape Responses stream.
function fakeResponsesFetch(events: object[], seen: Array<{ url: string; body: { [key: string]: Json } }>) {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    const body = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
}

test('openai: without a base URL override uses the Responses API, storing nothing', async () => {
  const seen: Array<{ url: string; body: { [key: string]: Json } }> = [];
  const events = [
    { type: 'response.created', response: { id: 'resp_1', created_at: 1_700_000_000, model: 'gpt-5-mini' } },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg_1' } },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'Reading ' },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'it.' },
    { type: 'response.output_item.done', output_index: 0, item: { type: 'message', id: 'msg_1' } },
    {
      type: 'response.output_item.added',
      output_index: 1,
      item: { type: 'function_call', id: 'fc_1', call_id: 'call_9', name: 'read_file', arguments: '' },
    },
    { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '{"path":"b.md"}' },
    {
      type: 'response.output_item.done',
      output_index: 1,
      item: {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_9',
        name: 'read_file',
        arguments: '{"path":"b.md"}',
        status: 'completed',
      },
    },
    { type: 'response.completed', response: { usage: { input_tokens: 4000, output_tokens: 1000 } } },
  ];
  const gateway = createModelGateway({
    env: { OPENAI_API_KEY: 'sk-test-abcdef123456' },
    fetch: fakeResponsesFetch(events, seen),
  });
  const deltas: string[] = [];
  const response = await gateway.generate(
    {
      model: 'openai:gpt-5-mini',
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Read a.md then b.md' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', tool: 'read_file', input: { path: 'a.md' } }] },
        { role: 'tool', results: [{ id: 'call_1', tool: 'read_file', output: 'alpha', isError: false }] },
      ],
      tools: [
        {
          name: 'read_file',
          description: 'Reads',
          inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
          risk: 'read',
        },
      ],
      origin: { runId: 'r', unit: 'u', attempt: 1, turn: 1 },
    },
    { signal: new AbortController().signal, onDelta: (text) => deltas.push(text) },
  );
  assert.deepEqual(deltas, ['Reading ', 'it.']);
  assert.deepEqual(response.toolCalls, [{ id: 'call_9', tool: 'read_file', input: { path: 'b.md' } }]);
  assert.equal(response.finishReason, 'tool-calls');
  assert.deepEqual(response.usage, { inputTokens: 4000, outputTokens: 1000 });
  assert.equal(response.costUsd, 0.003, 'gpt-5-mini: $0.25 in + $2 out per million');

  const [call] = seen;
  assert.equal(call?.url, 'https://api.openai.com/v1/responses');
  assert.equal(call?.body.store, false);
  const input = call?.body.input as Array<{ [key: string]: Json }>;
  assert.deepEqual(
    input.map((item) => item.type ?? item.role),
    ['developer', 'user', 'function_call', 'function_call_output'],
  );
  assert.deepEqual(input[3], { type: 'function_call_output', call_id: 'call_1', output: 'alpha' });
});
