import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BrigadeError, type ModelRequest, WorkspaceInvalidError } from '../../spec/index.ts';
import { type OpenAICompatibleServer, startOpenAICompatibleServer } from '../../testing/openai-compatible-server.ts';
import { createModelGateway } from './create-model-gateway.ts';
import { ModelCallError } from './model-call-error.ts';

async function assertFault(call: Promise<unknown>, expected: { code: string; retryable: boolean; message: RegExp }) {
  const error = await call.then(
    () => assert.fail('expected the call to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelCallError, `expected a ModelCallError, got ${String(error)}`);
  assert.equal(error.fault.code, expected.code, error.message);
  assert.equal(error.fault.retryable, expected.retryable);
  assert.match(error.fault.message, expected.message);
}

function request(model: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model,
    system: 'You are a careful researcher.',
    messages: [{ role: 'user', content: 'Summarise the release notes' }],
    tools: [],
    origin: { runId: 'run-1', unit: 'summarise', attempt: 1, turn: 0 },
    ...extra,
  };
}

const readFileTool = {
  name: 'read_file',
  description: 'Reads a file of the workspace',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  risk: 'read' as const,
};

describe('describe()', () => {
  test('a provider whose key is missing is simulated, and says why', () => {
    const gateway = createModelGateway({ env: {} });
    assert.deepEqual(gateway.describe('openai:gpt-5-mini'), {
      model: 'openai:gpt-5-mini',
      servedBy: 'simulator',
      simulated: true,
      reason: 'no OPENAI_API_KEY in the environment',
      contextWindow: 400_000,
    });
    assert.equal(gateway.describe('anthropic:claude-sonnet-4').reason, 'no ANTHROPIC_API_KEY in the environment');
    assert.equal(
      gateway.describe('google:gemini-2.5-flash').reason,
      'no GOOGLE_GENERATIVE_AI_API_KEY in the environment',
    );
    assert.equal(gateway.describe('openrouter:openai/gpt-5').reason, 'no OPENROUTER_API_KEY in the environment');
  });

  test('a provider with its key, or a local server, is served for real', () => {
    const gateway = createModelGateway({ env: { OPENAI_API_KEY: 'sk-test-123456' } });
    assert.deepEqual(gateway.describe('openai:gpt-5-mini'), {
      model: 'openai:gpt-5-mini',
      servedBy: 'openai:gpt-5-mini',
      simulated: false,
      contextWindow: 400_000,
    });
    assert.equal(gateway.describe('ollama:qwen3:8b').simulated, false);
    assert.equal(gateway.describe('lmstudio:qwen3').simulated, false);
    assert.equal(gateway.describe('vllm:llama').simulated, false);
  });

  test('--dry-run and simulator:* are simulated', () => {
    const gateway = createModelGateway({ env: { OPENAI_API_KEY: 'sk-test-123456' }, dryRun: true });
    assert.equal(gateway.describe('openai:gpt-5-mini').reason, '--dry-run');
    assert.equal(gateway.describe('ollama:qwen3').reason, '--dry-run');
    const plain = createModelGateway({ env: {} });
    assert.equal(plain.describe('simulator:default').simulated, true);
    assert.match(plain.describe('simulator:default').reason ?? '', /simulator/);
  });

  test('knows the context windows of known models; brigade.yaml sets (or overrides) the others', () => {
    const gateway = createModelGateway({
      env: {},
      contextWindows: { 'ollama:qwen3': 32_768, 'openai:gpt-4o': 64_000 },
    });
    assert.equal(gateway.describe('anthropic:claude-sonnet-4-5-20250929').contextWindow, 200_000);
    assert.equal(gateway.describe('google:gemini-2.5-flash').contextWindow, 1_048_576);
    assert.equal(gateway.describe('openrouter:openai/gpt-4.1-mini').contextWindow, 1_047_576);
    assert.equal(gateway.describe('simulator:default').contextWindow, 32_000);
    assert.equal(gateway.describe('ollama:qwen3').contextWindow, 32_768);
    assert.equal(gateway.describe('openai:gpt-4o').contextWindow, 64_000, 'brigade.yaml wins');
    assert.equal(gateway.describe('ollama:llama3').contextWindow, undefined, 'a local server: unknown');
    assert.equal(gateway.describe('openai:gpt-99').contextWindow, undefined, 'not in the table');
  });

  test('custom providers need their key only when they declare one', () => {
    const gateway = createModelGateway({
      env: {},
      providers: {
        gpu: { baseUrl: 'http://10.0.0.2:8080/v1' },
        corp: { baseUrl: 'https://llm.example/v1', apiKeyEnv: 'CORP_KEY' },
      },
    });
    assert.equal(gateway.describe('gpu:qwen3').simulated, false);
    assert.equal(gateway.describe('corp:big').reason, 'no CORP_KEY in the environment');
  });

  test('invalid custom providers are workspace issues', () => {
    assert.throws(
      () =>
        createModelGateway({
          env: {},
          providers: { simulator: { baseUrl: 'http://x/v1' }, box: { baseUrl: 'not a url' } },
        }),
      (error: unknown) =>
        error instanceof WorkspaceInvalidError &&
        error.code === 'WORKSPACE_INVALID' &&
        error.issues.map((issue) => issue.path).join() === 'providers.simulator,providers.box.base_url',
    );
  });

  test('an unknown provider is refused with a did-you-mean', () => {
    const gateway = createModelGateway({ env: {} });
    assert.throws(
      () => gateway.describe('opneai:gpt-5'),
      (error: unknown) =>
        error instanceof BrigadeError &&
        error.code === 'MODEL_UNAVAILABLE' &&
        /did you mean "openai"/.test(error.hint ?? '') &&
        /ollama/.test(error.hint ?? ''),
    );
    assert.throws(() => gateway.describe('gpt-5'), { code: 'MODEL_UNAVAILABLE' });
  });

  test('an unknown provider makes generate reject with a final bad-request fault', async () => {
    const gateway = createModelGateway({ env: {} });
    await assertFault(gateway.generate(request('nope:x'), { signal: new AbortController().signal }), {
      code: 'bad-request',
      retryable: false,
      message: /unknown model provider "nope"/,
    });
  });
});

describe('against a local OpenAI-compatible server', () => {
  let server: OpenAICompatibleServer;
  const replies: Parameters<typeof startOpenAICompatibleServer>[0] = [];
  before(async () => {
    server = await startOpenAICompatibleServer(replies);
  });
  after(() => server.close());
  const signal = new AbortController().signal;

  test('streams text in deltas through a custom provider, with usage and no auth header', async () => {
    replies.push({
      text: 'The release adds three features.',
      textChunks: 4,
      usage: { prompt_tokens: 120, completion_tokens: 8 },
    });
    const gateway = createModelGateway({ env: {}, providers: { local: { baseUrl: server.url } } });
    const deltas: string[] = [];
    const response = await gateway.generate(request('local:qwen3'), { signal, onDelta: (text) => deltas.push(text) });
    assert.equal(response.text, 'The release adds three features.');
    assert.equal(deltas.length, 4);
    assert.equal(deltas.join(''), response.text);
    assert.deepEqual(response.usage, { inputTokens: 120, outputTokens: 8 });
    assert.equal(response.finishReason, 'stop');
    assert.equal(response.costUsd, null, 'a custom provider has no known price');
    assert.equal(response.servedBy, 'local:qwen3');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.body.model, 'qwen3');
    assert.equal(sent.body.stream, true);
    assert.deepEqual(sent.body.stream_options, { include_usage: true });
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'You are a careful researcher.' },
      { role: 'user', content: 'Summarise the release notes' },
    ]);
    assert.equal(sent.headers.authorization, undefined);
  });

  test('parses tool calls and sends tool results back in the Chat Completions format', async () => {
    replies.push({ toolCalls: [{ id: 'call_a', name: 'read_file', arguments: { path: 'NOTES.md' } }] });
    replies.push({ text: 'Done.' });
    const gateway = createModelGateway({ env: { OLLAMA_BASE_URL: server.url } });
    const first = await gateway.generate(request('ollama:qwen3', { tools: [readFileTool] }), { signal });
    assert.deepEqual(first.toolCalls, [{ id: 'call_a', tool: 'read_file', input: { path: 'NOTES.md' } }]);
    assert.equal(first.finishReason, 'tool-calls');
    assert.equal(first.costUsd, 0, 'ollama is free');
    const sentTools = server.requests.at(-1)!.body.tools;
    assert.deepEqual(sentTools, [
      {
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Reads a file of the workspace',
          parameters: readFileTool.inputSchema,
        },
      },
    ]);

    const second = await gateway.generate(
      request('ollama:qwen3', {
        tools: [readFileTool],
        messages: [
          { role: 'user', content: 'Summarise the release notes' },
          { role: 'assistant', content: '', toolCalls: first.toolCalls },
          { role: 'tool', results: [{ id: 'call_a', tool: 'read_file', output: { text: '# v2' }, isError: false }] },
        ],
        origin: { runId: 'run-1', unit: 'summarise', attempt: 1, turn: 1 },
      }),
      { signal },
    );
    assert.equal(second.text, 'Done.');
    const messages = server.requests.at(-1)!.body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages.slice(2), [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"NOTES.md"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"text":"# v2"}' },
    ]);
  });

  test('structured output is requested as a JSON schema and parsed', async () => {
    const schema = {
      type: 'object',
      properties: { version: { type: 'string' }, breaking: { type: 'boolean' } },
      required: ['version', 'breaking'],
      additionalProperties: false,
    };
    replies.push({ text: '{"version":"2.0.0","breaking":true}' });
    const gateway = createModelGateway({ env: { VLLM_BASE_URL: server.url } });
    const response = await gateway.generate(request('vllm:llama', { outputSchema: schema }), { signal });
    assert.deepEqual(response.object, { version: '2.0.0', breaking: true });
    const format = server.requests.at(-1)!.body.response_format as Record<string, unknown>;
    assert.deepEqual(format, { type: 'json_schema', json_schema: { schema, strict: true, name: 'output' } });
  });

  test('an answer that does not match the schema is output-invalid and retryable', async () => {
    replies.push({ text: '{"version": 2}' });
    const gateway = createModelGateway({ env: { VLLM_BASE_URL: server.url } });
    const schema = { type: 'object', properties: { version: { type: 'string' } }, required: ['version'] };
    await assertFault(gateway.generate(request('vllm:llama', { outputSchema: schema }), { signal }), {
      code: 'output-invalid',
      retryable: true,
      message: /version: .*expected string/,
    });
    const format = server.requests.at(-1)!.body.response_format as { json_schema: { strict: boolean } };
    assert.equal(format.json_schema.strict, false, 'a schema OpenAI strict mode would reject is sent non-strict');
  });

  test('openai: with OPENAI_BASE_URL goes through @ai-sdk/openai Chat Completions, with the key and a price', async () => {
    replies.push({
      text: 'Hi from the fake OpenAI.',
      usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 },
    });
    const gateway = createModelGateway({
      env: { OPENAI_API_KEY: 'sk-test-abcdef123456', OPENAI_BASE_URL: server.url },
    });
    const deltas: string[] = [];
    const response = await gateway.generate(request('openai:gpt-4o-mini'), {
      signal,
      onDelta: (text) => deltas.push(text),
    });
    assert.equal(response.text, 'Hi from the fake OpenAI.');
    assert.ok(deltas.length > 1);
    assert.equal(response.servedBy, 'openai:gpt-4o-mini');
    assert.equal(response.costUsd, 0.75, 'gpt-4o-mini: $0.15 in + $0.60 out per million');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer sk-test-abcdef123456');
  });

  test('openai: tool calls and results round-trip through @ai-sdk/openai chat too', async () => {
    replies.push({ toolCalls: [{ id: 'call_x', name: 'read_file', arguments: '{"path":"a.txt"}' }] });
    const gateway = createModelGateway({
      env: { OPENAI_API_KEY: 'sk-test-abcdef123456', OPENAI_BASE_URL: server.url },
    });
    const response = await gateway.generate(request('openai:gpt-4.1', { tools: [readFileTool] }), { signal });
    assert.deepEqual(response.toolCalls, [{ id: 'call_x', tool: 'read_file', input: { path: 'a.txt' } }]);
  });
});
