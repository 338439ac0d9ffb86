import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ModelFault, ModelRequest } from '../../spec/index.ts';
import {
  type OpenAICompatibleServer,
  type ScriptedReply,
  startOpenAICompatibleServer,
} from '../../testing/openai-compatible-server.ts';
import { createModelGateway } from './create-model-gateway.ts';
import { ModelCallError } from './model-call-error.ts';

const apiKey = 'sk-test-secret-0123456789';
const request: ModelRequest = {
  model: 'local:qwen3',
  system: '',
  messages: [{ role: 'user', content: 'Say something long' }],
  tools: [],
  origin: { runId: 'run-1', unit: 'talk', attempt: 1, turn: 0 },
};

async function faultOf(call: Promise<unknown>): Promise<ModelFault> {
  const error = await call.then(
    () => assert.fail('expected the call to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelCallError, `expected a ModelCallError, got ${String(error)}`);
  assert.ok(!error.message.includes(apiKey), 'the message must not contain the API key');
  return error.fault;
}

describe('faults from a real HTTP server are classified', () => {
  let server: OpenAICompatibleServer;
  const replies: ScriptedReply[] = [];
  const now = Date.parse('2026-01-01T00:00:00Z');
  let gateway: ReturnType<typeof createModelGateway>;
  let openai: ReturnType<typeof createModelGateway>;
  before(async () => {
    server = await startOpenAICompatibleServer(replies);
    const providers = { local: { baseUrl: server.url, apiKeyEnv: 'LOCAL_KEY' } };
    gateway = createModelGateway({ env: { LOCAL_KEY: apiKey }, providers, now: () => now });
    openai = createModelGateway({ env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: server.url }, now: () => now });
  });
  after(() => server.close());
  const generate = (options: { signal?: AbortSignal; onDelta?: (text: string) => void } = {}) =>
    gateway.generate(request, { signal: options.signal ?? new AbortController().signal, ...options });

  test('429 is a retryable rate-limit with retry-after-ms', async () => {
    replies.push({
      status: 429,
      error: { message: 'Rate limit reached', type: 'requests' },
      headers: { 'retry-after-ms': '1500' },
    });
    assert.deepEqual(await faultOf(generate()), {
      code: 'rate-limit',
      message: 'local answered HTTP 429: Rate limit reached',
      retryable: true,
      retryAfterMs: 1500,
    });
  });

  test('retry-after in seconds and as an HTTP date', async () => {
    replies.push({ status: 429, headers: { 'retry-after': '7' } });
    assert.equal((await faultOf(generate())).retryAfterMs, 7000);
    replies.push({ status: 429, headers: { 'retry-after': new Date(now + 30_000).toUTCString() } });
    assert.equal((await faultOf(generate())).retryAfterMs, 30_000);
  });

  test('429 insufficient_quota is a final quota fault', async () => {
    replies.push({
      status: 429,
      error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
    });
    const fault = await faultOf(generate());
    assert.equal(fault.code, 'quota');
    assert.equal(fault.retryable, false);
  });

  test('401 is a final auth fault, and the key never shows in the message', async () => {
    replies.push({
      status: 401,
      error: { message: `Incorrect API key provided: ${apiKey}`, type: 'invalid_request_error' },
    });
    const fault = await faultOf(generate());
    assert.equal(fault.code, 'auth');
    assert.equal(fault.retryable, false);
    assert.match(fault.message, /\[redacted\].*check LOCAL_KEY/);
  });

  test('5xx: 503 and 529 are overload, 500 is server, all retryable', async () => {
    replies.push({ status: 503 }, { status: 529 }, { status: 500 });
    assert.deepEqual(
      [await faultOf(generate()), await faultOf(generate()), await faultOf(generate())].map((fault) => [
        fault.code,
        fault.retryable,
      ]),
      [
        ['overload', true],
        ['overload', true],
        ['server', true],
      ],
    );
  });

  test('400, 404 and 422 are final bad requests', async () => {
    replies.push({ status: 400 }, { status: 404, error: { message: 'model "qwen9" not found' } }, { status: 422 });
    for (const _ of [1, 2, 3]) {
      const fault = await faultOf(generate());
      assert.equal(fault.code, 'bad-request');
      assert.equal(fault.retryable, false);
    }
  });

  test('a stream cut after some output is stream-cut, retryable, and says output was streamed', async () => {
    replies.push({ text: 'one two three four five six', textChunks: 6, cutAfterChunks: 3 });
    const deltas: string[] = [];
    const fault = await faultOf(generate({ onDelta: (text) => deltas.push(text) }));
    assert.equal(fault.code, 'stream-cut');
    assert.equal(fault.retryable, true);
    assert.match(fault.message, /after partial output/);
    assert.equal(deltas.length, 2, 'the deltas before the cut were delivered');
  });

  test('a stream cut is stream-cut through @ai-sdk/openai too', async () => {
    replies.push({ text: 'one two three four five six', textChunks: 6, cutAfterChunks: 4 });
    const fault = await faultOf(
      openai.generate({ ...request, model: 'openai:gpt-4.1' }, { signal: new AbortController().signal }),
    );
    assert.equal(fault.code, 'stream-cut');
    assert.equal(fault.retryable, true);
  });

  test('a stream that ends cleanly but unfinished is stream-cut, through either SDK', async () => {
    replies.push({ text: 'one two three', textChunks: 3, cutAfterChunks: 2, cutMode: 'end' });
    const compatible = await faultOf(generate());
    replies.push({ text: 'one two three', textChunks: 3, cutAfterChunks: 2, cutMode: 'end' });
    const viaOpenAI = await faultOf(
      openai.generate({ ...request, model: 'openai:gpt-4.1' }, { signal: new AbortController().signal }),
    );
    assert.deepEqual([compatible.code, viaOpenAI.code], ['stream-cut', 'stream-cut']);
  });

  test('429 through @ai-sdk/openai is a rate-limit too', async () => {
    replies.push({ status: 429, headers: { 'retry-after': '2' } });
    const fault = await faultOf(
      openai.generate({ ...request, model: 'openai:gpt-4.1' }, { signal: new AbortController().signal }),
    );
    assert.equal(fault.code, 'rate-limit');
    assert.equal(fault.retryAfterMs, 2000);
  });

  test('aborting mid-stream rejects promptly as cancelled', async () => {
    replies.push({ text: 'slow words arrive one by one', textChunks: 6, chunkDelayMs: 200 });
    const controller = new AbortController();
    const started = performance.now();
    const pending = generate({ signal: controller.signal, onDelta: () => controller.abort() });
    const fault = await faultOf(pending);
    assert.deepEqual([fault.code, fault.retryable], ['cancelled', false]);
    assert.ok(performance.now() - started < 1000, 'cancelled without waiting for the stream to end');
  });

  test('a timeout signal is a retryable timeout', async () => {
    replies.push({ text: 'too slow', chunkDelayMs: 500 });
    const fault = await faultOf(generate({ signal: AbortSignal.timeout(50) }));
    assert.deepEqual([fault.code, fault.retryable], ['timeout', true]);
  });
});

test('a server that is not running is a retryable network fault with a hint', async () => {
  const server = await startOpenAICompatibleServer([]);
  await server.close();
  const gateway = createModelGateway({ env: { OLLAMA_BASE_URL: server.url } });
  const fault = await faultOf(
    gateway.generate({ ...request, model: 'ollama:qwen3' }, { signal: new AbortController().signal }),
  );
  assert.equal(fault.code, 'network');
  assert.equal(fault.retryable, true);
  assert.match(
    fault.message,
    /cannot reach ollama at http:\/\/127\.0\.0\.1:\d+\/v1.*ECONNREFUSED.*is Ollama running\?/,
  );
});
