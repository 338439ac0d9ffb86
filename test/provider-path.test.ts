// The real provider path through the whole product: `brigade run` in a child process, a custom
// OpenAI-compatible provider from brigade.yaml, and a local HTTP server speaking Chat Completions
// (streaming, tool calls, usage, faults). Asserts on what went over the wire and what the log recorded.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Json, RunEvent, RunEventOf } from '../src/spec/index.ts';
import {
  type OpenAICompatibleServer,
  type RecordedRequest,
  type ScriptedReply,
  startOpenAICompatibleServer,
} from '../src/testing/openai-compatible-server.ts';
import { createTempDirs, describeResult, parseJson, runBrigade, writeFiles } from './run-brigade.ts';

interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

interface RunResult {
  runId: string;
  status: string;
  output: Json;
  error: { code: string; message: string } | null;
  simulated: boolean;
  inputTokens: number;
  outputTokens: number;
  modelCalls: number;
}

const temp = createTempDirs('brigade-provider-');
let server: OpenAICompatibleServer;
/** Each test sets how the server answers. */
let answer: (request: RecordedRequest) => ScriptedReply = () => ({ status: 500 });

before(async () => {
  server = await startOpenAICompatibleServer((request) => answer(request));
});
after(async () => {
  await server.close();
  temp.removeAll();
});

const messagesOf = (request: RecordedRequest) => request.body.messages as unknown as WireMessage[];
const systemOf = (request: RecordedRequest) =>
  messagesOf(request).find((message) => message.role === 'system')?.content;
const taskOf = (request: RecordedRequest) => messagesOf(request).find((message) => message.role === 'user')?.content;

/** A workspace whose agents use `local:test-model`, served by the test server. */
function providerWorkspace(playbook: string, brigade = ''): string {
  const dir = temp.create();
  writeFiles(dir, {
    'brigade.yaml': `model: simulator:default\nproviders:\n  local:\n    base_url: ${server.url}\n${brigade}`,
    'notes.md': 'Launch day is Tuesday, 10:00 CET.\n',
    'agents/reader.yaml':
      'role: reader\ninstructions: Read notes.md with read_file, then answer.\nmodel: local:test-model\ntools: [read_file]\n',
    'agents/writer.yaml': 'role: writer\ninstructions: Write one line.\nmodel: local:test-model\n',
    'playbooks/brief.yaml': playbook,
  });
  return dir;
}

async function eventsOf(dir: string, runId: string): Promise<RunEvent[]> {
  const shown = await runBrigade(['show', runId, '--json'], { cwd: dir });
  assert.equal(shown.code, 0, describeResult(shown));
  return parseJson<{ events: RunEvent[] }>(shown).events;
}

function ofType<T extends RunEvent['type']>(events: RunEvent[], type: T): RunEventOf<T>[] {
  return events.filter((event): event is RunEventOf<T> => event.type === type);
}

describe('a custom OpenAI-compatible provider, with a tool call', () => {
  let dir: string;
  let first = 0;
  const usage = { reader0: [120, 15], reader1: [200, 30], writer: [50, 10] } as const;

  before(() => {
    dir = providerWorkspace(`name: brief
steps:
  research: { agent: reader, task: "What do the notes say?" }
  summary: { agent: writer, needs: [research], task: "Summarize: {{ steps.research.output }}" }
output: "{{ steps.summary.output }}"
`);
    answer = (request) => {
      const messages = messagesOf(request);
      if (systemOf(request)?.includes('read_file')) {
        const result = messages.find((message) => message.role === 'tool');
        if (!result) {
          return {
            toolCalls: [{ id: 'call-notes', name: 'read_file', arguments: { path: 'notes.md' } }],
            usage: { prompt_tokens: usage.reader0[0], completion_tokens: usage.reader0[1] },
          };
        }
        return {
          text: `The notes say: ${String(result.content).trim()}`,
          usage: { prompt_tokens: usage.reader1[0], completion_tokens: usage.reader1[1] },
        };
      }
      return {
        text: `Summary. ${String(taskOf(request)).replace('Summarize: ', '')}`,
        usage: { prompt_tokens: usage.writer[0], completion_tokens: usage.writer[1] },
      };
    };
  });

  it('runs the tool loop over the wire and records it', async () => {
    first = server.requests.length;
    const result = await runBrigade(['run', 'brief', '--json'], { cwd: dir });
    assert.equal(result.code, 0, describeResult(result));
    const json = parseJson<RunResult>(result);
    assert.equal(json.status, 'succeeded');
    assert.equal(json.output, 'Summary. The notes say: Launch day is Tuesday, 10:00 CET.');
    assert.equal(json.simulated, false);
    assert.equal(json.modelCalls, 3);
    assert.equal(json.inputTokens, usage.reader0[0] + usage.reader1[0] + usage.writer[0]);
    assert.equal(json.outputTokens, usage.reader0[1] + usage.reader1[1] + usage.writer[1]);

    // On the wire: three streamed Chat Completions requests for test-model, usage asked for.
    const requests = server.requests.slice(first);
    assert.equal(requests.length, 3);
    for (const request of requests) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.body.model, 'test-model');
      assert.equal(request.body.stream, true);
      assert.deepEqual(request.body.stream_options, { include_usage: true });
      assert.equal(request.headers.authorization, undefined, 'no api_key_env, no key sent');
    }
    const [reader0, reader1, writer] = requests as [RecordedRequest, RecordedRequest, RecordedRequest];

    // The reader's requests declare read_file with its JSON schema; the writer's declare no tools.
    for (const request of [reader0, reader1]) {
      const tools = request.body.tools as unknown as Array<{
        type: string;
        function: { name: string; description: string; parameters: { [key: string]: Json } };
      }>;
      assert.deepEqual(
        tools.map((tool) => [tool.type, tool.function.name]),
        // The agent's own tool, then the run board's, which every agent has.
        [
          ['function', 'read_file'],
          ['function', 'share_finding'],
          ['function', 'read_findings'],
        ],
      );
      const parameters = tools[0]!.function.parameters;
      assert.equal(parameters.type, 'object');
      assert.deepEqual(parameters.required, ['path']);
      assert.equal((parameters.properties as { path: { type: string } }).path.type, 'string');
      assert.ok(tools[0]!.function.description.length > 20, 'the tool is described to the model');
    }
    // An agent without tools of its own still has the run board's.
    assert.deepEqual(
      (writer.body.tools as unknown as Array<{ function: { name: string } }>).map((tool) => tool.function.name),
      ['share_finding', 'read_findings'],
    );

    // First turn: system + task. Second turn: the same, then the assistant's call and the tool's result.
    assert.deepEqual(
      messagesOf(reader0).map((message) => message.role),
      ['system', 'user'],
    );
    assert.equal(taskOf(reader0), 'What do the notes say?');
    const [assistant, tool, ...rest] = messagesOf(reader1).slice(2);
    assert.deepEqual(rest, []);
    assert.equal(assistant?.role, 'assistant');
    assert.deepEqual(
      assistant?.tool_calls?.map((call) => [
        call.id,
        call.type,
        call.function.name,
        JSON.parse(call.function.arguments),
      ]),
      [['call-notes', 'function', 'read_file', { path: 'notes.md' }]],
    );
    assert.deepEqual(tool, {
      role: 'tool',
      tool_call_id: 'call-notes',
      content: 'Launch day is Tuesday, 10:00 CET.\n',
    });
    // The next step got the first step's answer.
    assert.equal(taskOf(writer), 'Summarize: The notes say: Launch day is Tuesday, 10:00 CET.');

    // The log: responses with the server's token counts, the tool call and its result.
    const events = await eventsOf(dir, json.runId);
    const responses = ofType(events, 'model-response');
    assert.deepEqual(
      responses.map((event) => [
        event.step,
        event.turn,
        event.model,
        event.usage.inputTokens,
        event.usage.outputTokens,
      ]),
      [
        ['research', 0, 'local:test-model', ...usage.reader0],
        ['research', 1, 'local:test-model', ...usage.reader1],
        ['summary', 0, 'local:test-model', ...usage.writer],
      ],
    );
    assert.notEqual(responses[0]!.servedBy, 'simulator');
    assert.deepEqual(responses[0]!.toolCalls, [{ id: 'call-notes', tool: 'read_file', input: { path: 'notes.md' } }]);
    assert.deepEqual(
      ofType(events, 'tool-call').map((event) => [event.step, event.turn, event.call]),
      [['research', 0, { id: 'call-notes', tool: 'read_file', input: { path: 'notes.md' } }]],
    );
    assert.deepEqual(
      ofType(events, 'tool-result').map((event) => [event.step, event.callId, event.tool, event.isError, event.output]),
      [['research', 'call-notes', 'read_file', false, 'Launch day is Tuesday, 10:00 CET.\n']],
    );
    const start = ofType(events, 'run-start')[0]!;
    assert.deepEqual(
      start.models.map((model) => [model.model, model.simulated]),
      [['local:test-model', false]],
    );
  });

  it('without --json: no SIMULATED line, the answer on stdout', async () => {
    const result = await runBrigade(['run', 'brief'], { cwd: dir });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, /^▶ run brief · r-[a-z0-9]+$/m);
    assert.match(result.stderr, /start {2}research \(reader, local:test-model\)/);
    assert.doesNotMatch(result.stderr, /SIMULATED|simulated/);
    assert.match(result.stderr, /3 model calls · tokens 370 in \/ 55 out/);
    assert.equal(result.stdout, 'Summary. The notes say: Launch day is Tuesday, 10:00 CET.\n');
  });
});

describe('provider faults', () => {
  it('429 with retry-after-ms: the call waits at least that long, goes again and succeeds, spending no step attempt', async () => {
    // backoff 10ms: only the server's retry-after can make the wait 300 ms or more.
    const dir = providerWorkspace(`name: brief
steps:
  draft: { agent: writer, task: "Draft it", retry: { attempts: 3, backoff: 10ms } }
output: "{{ steps.draft.output }}"
`);
    let calls = 0;
    answer = () =>
      calls++ === 0
        ? {
            status: 429,
            error: { message: 'Rate limit reached for test-model', type: 'requests' },
            headers: { 'retry-after-ms': '300' },
          }
        : { text: 'drafted' };
    const first = server.requests.length;
    const result = await runBrigade(['run', 'brief', '--json'], { cwd: dir });
    assert.equal(result.code, 0, describeResult(result));
    const json = parseJson<RunResult>(result);
    assert.equal(json.output, 'drafted');
    assert.equal(server.requests.length - first, 2);

    // The governor made the call again (the whole key held for the retry-after); the step saw no error.
    const events = await eventsOf(dir, json.runId);
    assert.equal(ofType(events, 'step-error').length, 0);
    const retries = ofType(events, 'model-retry');
    assert.equal(retries.length, 1);
    const retry = retries[0]!;
    assert.deepEqual([retry.error.code, retry.attempt, retry.backoffMs], ['rate-limit', 1, 300]);
    assert.ok(retry.retryInMs >= 300, `retryInMs ${retry.retryInMs} honours retry-after-ms: 300`);
    const grant = ofType(events, 'slot-grant')[0]!;
    assert.ok(grant.at - retry.at >= 290, `the call went again ${grant.at - retry.at} ms after the 429`);
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1],
    );
    assert.deepEqual(
      ofType(events, 'step-end').map((event) => [event.attempt, event.output]),
      [[1, 'drafted']],
    );
  });

  it('401: the run fails with an authentication message, and the key never shows', async () => {
    const secret = 'sk-secret-123';
    const dir = providerWorkspace(
      `name: brief
steps:
  draft: { agent: writer, task: "Draft it", retry: 2 }
output: "{{ steps.draft.output }}"
`,
      '    api_key_env: LOCAL_KEY\n',
    );
    answer = () => ({
      status: 401,
      error: {
        message: `Incorrect API key provided: ${secret}. You can find your API key in your account.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    const first = server.requests.length;
    const env = { LOCAL_KEY: secret };
    const human = await runBrigade(['run', 'brief'], { cwd: dir, env });
    const json = await runBrigade(['run', 'brief', '--json'], { cwd: dir, env });
    for (const result of [human, json]) assert.equal(result.code, 1, describeResult(result));

    const requests = server.requests.slice(first);
    assert.equal(requests.length, 2, 'one call per run: an auth failure is not retried');
    assert.equal(requests[0]!.headers.authorization, `Bearer ${secret}`, 'the key was really sent');

    assert.match(human.stderr, /error {2}draft: local answered HTTP 401: .*authentication failed: check LOCAL_KEY/);
    assert.match(human.stderr, /^ {2}step draft failed: .*authentication failed/m);
    const result = parseJson<RunResult>(json);
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'auth');
    assert.match(result.error?.message ?? '', /HTTP 401: Incorrect API key provided: \[redacted\]/);

    const shown = await runBrigade(['show', result.runId, '--json'], { cwd: dir });
    const shownHuman = await runBrigade(['show', result.runId], { cwd: dir });
    assert.match(shownHuman.stdout, /auth: local answered HTTP 401/);
    const events = parseJson<{ events: RunEvent[] }>(shown).events;
    assert.equal(ofType(events, 'step-error')[0]?.decision, 'fail');

    const stored = readdirSync(join(dir, '.brigade')).map((file) =>
      readFileSync(join(dir, '.brigade', file), 'latin1'),
    );
    assert.ok(stored.length > 0);
    const everything = [human, json, shown, shownHuman].flatMap((output) => [output.stdout, output.stderr]);
    for (const text of [...everything, ...stored]) assert.ok(!text.includes(secret), `the key leaked:\n${text}`);
  });
});
