// The governor on the real client path: the AI SDK's OpenAI-compatible provider over HTTP to a local
// server that limits like a real one (x-ratelimit-* headers, 429 with retry-after-ms, 5xx, cut streams).
// In-process engine and gateway, as the runtime wires them; one `brigade run` for what a person sees.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createModelGateway } from '../src/adapters/models/create-model-gateway.ts';
import { createGovernor } from '../src/engine/governor/create-governor.ts';
import type { ModelLimits } from '../src/engine/governor/key-state.ts';
import { governorLimits } from '../src/runtime/governor-limits.ts';
import type { RunEvent, RunEventOf } from '../src/spec/index.ts';
import { buildPlaybook } from '../src/testing/build-playbook.ts';
import { createTestEngine, systemClock } from '../src/testing/create-test-engine.ts';
import {
  type OpenAICompatibleServer,
  type ScriptedReply,
  startOpenAICompatibleServer,
} from '../src/testing/openai-compatible-server.ts';
import { createTempDirs, describeResult, runBrigade, writeFiles } from './run-brigade.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);
const model = 'local:test-model';
const servers: OpenAICompatibleServer[] = [];
const temp = createTempDirs('brigade-governor-');
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
after(() => temp.removeAll());

async function serve(...args: Parameters<typeof startOpenAICompatibleServer>) {
  const server = await startOpenAICompatibleServer(...args);
  servers.push(server);
  return server;
}

/** Runs a playbook whose agents use `local:test-model` on `server`, governed as the runtime does for a real provider. */
async function runOn(
  server: OpenAICompatibleServer,
  steps: Parameters<typeof buildPlaybook>[0],
  options: { limits?: Record<string, ModelLimits>; inputs?: Record<string, string[]> } = {},
) {
  const gateway = createModelGateway({ env: {}, providers: { local: { baseUrl: server.url } } });
  const governor = createGovernor({ clock: systemClock, limitsFor: governorLimits(options.limits ?? {}, () => false) });
  const { engine, store } = createTestEngine({ models: gateway, governor });
  const withModel = Object.fromEntries(
    Object.entries(steps).map(([id, step]) => [id, { ...step, agent: { model, ...step.agent } }]),
  );
  const playbook = buildPlaybook(withModel, { inputs: { items: { type: 'array' } } });
  const handle = await engine.startRun({ playbook, inputs: options.inputs ?? {}, models: [], dryRun: false });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), governor };
}

const items = (count: number) => ({ items: Array.from({ length: count }, (_, index) => `i${index}`) });
const fanOut = { work: { forEach: { items: '{{ inputs.items }}' }, task: 'item {{ item }}' } };

describe('governor over HTTP', () => {
  it('learns the limits from x-ratelimit-* headers and keeps to them: the provider never refuses', async () => {
    const server = await serve(() => ({ text: 'ok', chunkDelayMs: 5 }), { rateLimit: { requestsPerMinute: 600 } });
    const { state, events, governor } = await runOn(server, fanOut, { inputs: items(16) });
    assert.equal(state.status, 'succeeded');
    assert.equal(governor.inspect(model).requestsPerMinute, 600, 'the limit was learned from the headers');
    // A burst of 8 (the cautious start) used most of the provider's second; the rest were paced.
    assert.ok(ofType(events, 'slot-wait').some((event) => event.reason === 'rate-limit'));
    // On an idle machine the provider refuses nothing. When the test shares two cores with others, a
    // response (and its headers) can be read late and one call go out early: the provider refuses it,
    // and the whole key backs off and makes that call again. No more than that, and no step fails.
    const { admitted, rateLimited, overloaded } = server.provider!.counts();
    assert.equal(admitted, 16);
    assert.equal(overloaded, 0);
    assert.ok(rateLimited <= 1, `${rateLimited} calls refused`);
    assert.equal(server.requests.length, 16 + rateLimited);
    assert.equal(ofType(events, 'model-retry').length, rateLimited, 'a refused call is made again, on the call');
    assert.equal(ofType(events, 'step-error').length, 0);
  });

  it('a 429 with retry-after-ms holds every sibling waiting on the key, then the call goes again', async () => {
    const arrivals: number[] = [];
    const server = await serve((_request, index) => {
      arrivals.push(Date.now());
      if (index === 0) {
        return {
          status: 429,
          error: { message: 'Rate limit reached for test-model', type: 'requests' },
          headers: {
            'retry-after-ms': '400',
            'x-ratelimit-limit-requests': '10000',
            'x-ratelimit-remaining-requests': '5',
          },
        } satisfies ScriptedReply;
      }
      return { text: 'ok' };
    });
    const { state, events } = await runOn(
      server,
      { a: {}, b: {}, c: {} },
      { limits: { local: { concurrency: 1 } } }, // one at a time: b and c are waiting when a is refused
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(arrivals.length, 4);
    for (const arrival of arrivals.slice(1)) {
      assert.ok(arrival - arrivals[0]! >= 390, `a request came ${arrival - arrivals[0]!} ms after the 429`);
    }
    const [retry] = ofType(events, 'model-retry');
    assert.equal(retry?.error.code, 'rate-limit');
    assert.equal(retry?.backoffMs, 400);
    assert.equal(retry?.concurrency, 1, 'headers left requests: about concurrency, so the window shrinks');
    const backoffs = ofType(events, 'slot-wait').filter((event) => event.reason === 'backoff');
    assert.deepEqual(backoffs.map((event) => event.step).sort(), ['a', 'b', 'c']);
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1, 1, 1],
    );
  });

  it('final errors (400, 401, 403) go out once', async () => {
    const statuses: Record<string, number> = { bad: 400, unauthorized: 401, forbidden: 403 };
    const server = await serve((request) => {
      const task = (request.body.messages as Array<{ role: string; content: string }>)[1]!.content;
      const status = statuses[task.replace('do ', '')]!;
      return { status, error: { message: `scripted ${status}`, type: 'invalid_request_error' } };
    });
    const continued = { onError: { action: 'continue' as const } };
    const { state, events } = await runOn(server, { bad: continued, unauthorized: continued, forbidden: continued });
    assert.equal(state.status, 'succeeded');
    assert.equal(server.requests.length, 3);
    assert.equal(ofType(events, 'model-retry').length, 0);
    assert.deepEqual(
      ofType(events, 'step-error')
        .map((event) => `${event.step}:${event.error.code}`)
        .sort(),
      ['bad:bad-request', 'forbidden:auth', 'unauthorized:auth'],
    );
  });

  it('a 5xx, and a stream cut before any text, are made again within the same attempt', async () => {
    const replies: ScriptedReply[] = [
      { status: 502, error: { message: 'bad gateway', type: 'server_error' } },
      { text: 'never seen', cutAfterChunks: 1 }, // only the role chunk got through
      { text: 'third time lucky' },
    ];
    const server = await serve(replies);
    const { state, events } = await runOn(server, { draft: {} });
    assert.equal(state.status, 'succeeded');
    assert.equal(state.output, 'third time lucky');
    assert.deepEqual(
      ofType(events, 'model-retry').map((event) => event.error.code),
      ['server', 'stream-cut'],
    );
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1],
    );
  });

  it('a stream cut after text was streamed is not retried blindly: the step policy decides, as a new attempt', async () => {
    const replies: ScriptedReply[] = [
      { text: 'The launch is on Tuesday at ten', textChunks: 4, cutAfterChunks: 3 },
      { text: 'The launch is on Tuesday at 10:00 CET.' },
    ];
    const server = await serve(replies);
    const { state, events } = await runOn(server, { draft: { retry: { attempts: 2 } } });
    assert.equal(state.status, 'succeeded');
    assert.equal(server.requests.length, 2);
    assert.equal(ofType(events, 'model-retry').length, 0);
    const [error] = ofType(events, 'step-error');
    assert.deepEqual([error?.error.code, error?.decision], ['stream-cut', 'retry']);
    assert.match(error?.error.message ?? '', /after partial output/);
    assert.deepEqual(
      ofType(events, 'step-end').map((event) => event.attempt),
      [2],
    );
  });
});

describe('governor: what a person sees', () => {
  it('brigade run shows calls waiting for the rate limit, and why', async () => {
    const server = await serve(() => ({ text: 'ok' }), { rateLimit: { requestsPerMinute: 240 } });
    const dir = temp.create();
    writeFiles(dir, {
      'brigade.yaml': `providers:\n  local:\n    base_url: ${server.url}\nlimits:\n  local: { requests_per_minute: 240 }\n`,
      'agents/writer.yaml': `role: writer\ninstructions: Write one line.\nmodel: ${model}\n`,
      'playbooks/many.yaml': `name: many
inputs: { items: { type: array, default: [a, b, c, d, e, f] } }
steps:
  lines: { agent: writer, for_each: "{{ inputs.items }}", task: "Line {{ item }}" }
`,
    });
    const result = await runBrigade(['run', 'many'], { cwd: dir });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, /wait {3}lines\[\d\] for the rate limit of local:test-model/);
    // Paced to the configured limit; on a busy machine one late response can let one call go out
    // early, which the provider refuses and the governor makes again (see the first test).
    assert.ok(server.provider!.counts().rateLimited <= 1, `${server.provider!.counts().rateLimited} calls refused`);
    assert.equal(server.provider!.counts().admitted, 6);
  });
});
