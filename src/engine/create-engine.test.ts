import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent, RunEventOf } from '../spec/index.ts';
import { buildPlaybook } from '../testing/build-playbook.ts';
import { createFakeTools, createTestEngine } from '../testing/create-test-engine.ts';
import { createFakeModelGateway } from '../testing/fake-model-gateway.ts';

const unitOf = (request: ModelRequest) => request.origin.unit;
const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

function interval(events: RunEvent[], step: string) {
  const start = events.find((event) => event.type === 'step-start' && event.step === step);
  const end = events.find((event) => event.type === 'step-end' && event.step === step);
  assert.ok(start && end, `step ${step} started and ended`);
  return { start: start.at, end: end.at, startSeq: start.seq, endSeq: end.seq };
}

async function run(
  steps: Parameters<typeof buildPlaybook>[0],
  options: {
    script?: Parameters<typeof createFakeModelGateway>[0];
    extra?: Parameters<typeof buildPlaybook>[1];
    global?: number;
    modelLimits?: Record<string, number>;
  } = {},
) {
  const fake = createFakeModelGateway(options.script);
  const { engine, store } = createTestEngine({
    models: fake.gateway,
    global: options.global,
    modelLimits: options.modelLimits,
  });
  const handle = await engine.startRun({
    playbook: buildPlaybook(steps, options.extra),
    inputs: {},
    models: [],
    dryRun: false,
  });
  const state = await handle.done;
  const events = store.read(handle.runId);
  return { state, events, calls: fake.calls, store, engine, runId: handle.runId };
}

describe('engine: graph semantics', () => {
  it('starts a step only when its needs are done, and independent steps together', async () => {
    const { state, events } = await run(
      { a: {}, b: { needs: ['a'] }, c: { needs: ['a'] }, d: { needs: ['b', 'c'] } },
      { script: () => ({ delayMs: 30 }) },
    );
    assert.equal(state.status, 'succeeded');
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => interval(events, id));
    assert.ok(a!.endSeq < b!.startSeq && a!.endSeq < c!.startSeq, 'b and c wait for a');
    assert.ok(b!.startSeq < c!.endSeq && c!.startSeq < b!.endSeq, 'b and c overlap');
    assert.ok(d!.startSeq > b!.endSeq && d!.startSeq > c!.endSeq, 'd waits for both');
  });

  it('runs independent steps at the same time (they overlap in time)', async () => {
    const { events } = await run({ a: {}, b: {}, c: {}, d: {} }, { script: () => ({ delayMs: 60 }) });
    const spans = ['a', 'b', 'c', 'd'].map((id) => interval(events, id));
    const lastStart = Math.max(...spans.map((span) => span.start));
    const firstEnd = Math.min(...spans.map((span) => span.end));
    assert.ok(lastStart < firstEnd, 'every step started before any ended');
  });

  it('passes outputs through templates and names the result with output:', async () => {
    const { state, calls } = await run(
      { research: {}, write: { needs: ['research'], task: 'Write from {{ steps.research.output }}' } },
      {
        script: (request) => ({ text: unitOf(request) === 'research' ? 'FACTS' : 'POST' }),
        extra: { output: '{{ steps.write.output }}' },
      },
    );
    const write = calls.find((call) => unitOf(call.request) === 'write')!;
    assert.deepEqual(write.request.messages[0], { role: 'user', content: 'Write from FACTS' });
    assert.equal(state.output, 'POST');
  });

  it('fans out with for_each, keeps results in item order, and caps the fan-out', async () => {
    let running = 0;
    let peak = 0;
    const fake = createFakeModelGateway();
    const { engine, store } = createTestEngine({
      models: {
        describe: fake.gateway.describe,
        async generate(request, options) {
          running++;
          peak = Math.max(peak, running);
          const item = Number(/\[(\d+)\]/.exec(request.origin.unit)![1]);
          await new Promise((resolve) => setTimeout(resolve, 40 - item * 5));
          running--;
          return { ...(await fake.gateway.generate(request, options)), text: `v${item}` };
        },
      },
    });
    const playbook = buildPlaybook(
      {
        versions: { task: 'for {{ item }} #{{ index }}', forEach: { items: '{{ inputs.segments }}', concurrency: 2 } },
      },
      { inputs: { segments: { type: 'array' } } },
    );
    const handle = await engine.startRun({
      playbook,
      inputs: { segments: ['a', 'b', 'c', 'd', 'e'] },
      models: [],
      dryRun: false,
    });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(state.steps.versions!.output, ['v0', 'v1', 'v2', 'v3', 'v4']);
    assert.equal(peak, 2, 'never more than the for_each concurrency');
    const starts = ofType(store.read(handle.runId), 'step-start');
    assert.deepEqual(starts.map((event) => event.item).sort(), [0, 1, 2, 3, 4]);
    assert.equal(fake.calls[0]!.request.messages[0]!.role, 'user');
    assert.match(JSON.stringify(fake.calls.map((call) => call.request.messages[0])), /for c #2/);
  });

  it('records a skipped step, and its dependents decide by their own when', async () => {
    const { state, events } = await run({
      gate: { when: 'false' },
      always: { needs: ['gate'] },
      onlyIfGate: { needs: ['gate'], when: "steps.gate.status == 'succeeded'" },
    });
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(
      ofType(events, 'step-skip').map((event) => event.step),
      ['gate', 'onlyIfGate'],
    );
    assert.equal(state.steps.always!.status, 'succeeded');
    assert.equal(state.steps.gate!.status, 'skipped');
  });

  it('returns the structured object when the model gives one', async () => {
    const { state } = await run({ score: {} }, { script: () => ({ object: { score: 7 } }) });
    assert.deepEqual(state.output, { score: 7 });
  });
});

describe('engine: error policy', () => {
  it('retries retryable failures with backoff and records each attempt', async () => {
    const { state, events } = await run(
      { flaky: { retry: { attempts: 3, backoffMs: 5 } } },
      {
        script: (request) =>
          request.origin.attempt < 3
            ? { fault: { code: 'server', message: 'HTTP 500', retryable: true } }
            : { text: 'finally' },
      },
    );
    assert.equal(state.status, 'succeeded');
    const errors = ofType(events, 'step-error');
    assert.deepEqual(
      errors.map((event) => [event.attempt, event.decision]),
      [
        [1, 'retry'],
        [2, 'retry'],
      ],
    );
    assert.ok(errors.every((event) => typeof event.retryInMs === 'number'));
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1, 2, 3],
    );
    assert.equal(state.output, 'finally');
  });

  it('does not retry a final error and fails the run, naming the step', async () => {
    const { state, calls } = await run(
      { bad: { retry: { attempts: 5 } } },
      { script: () => ({ fault: { code: 'auth', message: 'HTTP 401', retryable: false } }) },
    );
    assert.equal(state.status, 'failed');
    assert.equal(calls.length, 1);
    assert.match(state.error!.message, /step bad failed: HTTP 401/);
  });

  it('honours retry-after over a shorter backoff', async () => {
    const { events } = await run(
      { limited: { retry: { attempts: 2, backoffMs: 1 } } },
      {
        script: (request) =>
          request.origin.attempt === 1
            ? { fault: { code: 'rate-limit', message: '429', retryable: true, retryAfterMs: 80 } }
            : {},
      },
    );
    const error = ofType(events, 'step-error')[0]!;
    assert.equal(error.retryInMs, 80);
    const second = ofType(events, 'step-start')[1]!;
    assert.ok(second.at - error.at >= 75, `waited ${second.at - error.at} ms`);
  });

  it('times out a slow attempt, then retries it', async () => {
    const { state, events } = await run(
      { slow: { timeoutMs: 30, retry: { attempts: 2 } } },
      { script: (request) => ({ delayMs: request.origin.attempt === 1 ? 2_000 : 1 }) },
    );
    assert.equal(state.status, 'succeeded');
    const error = ofType(events, 'step-error')[0]!;
    assert.equal(error.error.code, 'timeout');
    assert.ok(error.durationMs < 1_000, 'the slow call was cut off');
  });

  it('falls back to another agent and model when attempts are used up', async () => {
    const { state, events, calls } = await run(
      {
        primary: {
          agent: { name: 'writer', model: 'p:big' },
          onError: { action: 'fallback', model: 'p:small' },
        },
      },
      {
        script: (request) =>
          // A fault the governor leaves to the step's policy (it retries 429s and overloads per call first).
          request.model === 'p:big' ? { fault: { code: 'output-invalid', message: 'not JSON', retryable: true } } : {},
      },
    );
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(
      calls.map((call) => call.request.model),
      ['p:big', 'p:small'],
    );
    assert.equal(ofType(events, 'step-error')[0]!.decision, 'fallback');
    assert.equal(ofType(events, 'step-start')[1]!.model, 'p:small');
  });

  it('lets the run go on past a failed step with on_error: continue', async () => {
    const { state } = await run(
      { shaky: { onError: { action: 'continue' } }, after: { needs: ['shaky'] } },
      {
        script: (request) =>
          unitOf(request) === 'shaky' ? { fault: { code: 'bad-request', message: 'no', retryable: false } } : {},
      },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(state.steps.shaky!.status, 'failed');
    assert.equal(state.steps.after!.status, 'succeeded');
  });

  it('stops sibling steps when one fails the run', async () => {
    const { state, calls } = await run(
      { bad: {}, slow: {} },
      {
        script: (request) =>
          unitOf(request) === 'bad'
            ? { delayMs: 10, fault: { code: 'auth', message: 'denied', retryable: false } }
            : { delayMs: 5_000 },
      },
    );
    assert.equal(state.status, 'failed');
    const slow = calls.find((call) => unitOf(call.request) === 'slow')!;
    assert.ok(slow.endedAt! - slow.startedAt < 2_000, 'the sibling was aborted');
    assert.equal(state.units.get('slow')!.status, 'cancelled');
  });
});

describe('engine: cancellation and limits', () => {
  it('cancels promptly and records it', async () => {
    const fake = createFakeModelGateway(() => ({ delayMs: 10_000 }));
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({
      playbook: buildPlaybook({ a: {}, b: {} }),
      inputs: {},
      models: [],
      dryRun: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const asked = Date.now();
    handle.cancel('user asked');
    const state = await handle.done;
    assert.ok(Date.now() - asked < 1_000);
    assert.equal(state.status, 'cancelled');
    const types = store.read(handle.runId).map((event) => event.type);
    assert.deepEqual(types.slice(-2), ['run-cancel', 'run-end']);
  });

  it('cancels on a command from another process (through the store)', async () => {
    const fake = createFakeModelGateway(() => ({ delayMs: 10_000 }));
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({ playbook: buildPlaybook({ a: {} }), inputs: {}, models: [], dryRun: false });
    store.send(handle.runId, { type: 'cancel', reason: 'from the CLI' });
    const state = await handle.done;
    assert.equal(state.status, 'cancelled');
    assert.equal(state.cancelReason, 'from the CLI');
  });

  it('keeps to the global and per-model concurrency limits', async () => {
    let running = 0;
    let peak = 0;
    let peakSmall = 0;
    let runningSmall = 0;
    const fake = createFakeModelGateway();
    const { engine } = createTestEngine({
      global: 3,
      modelLimits: { 'm:small': 1 },
      models: {
        describe: fake.gateway.describe,
        async generate(request, options) {
          running++;
          peak = Math.max(peak, running);
          if (request.model === 'm:small') peakSmall = Math.max(peakSmall, ++runningSmall);
          await new Promise((resolve) => setTimeout(resolve, 15));
          if (request.model === 'm:small') runningSmall--;
          running--;
          return fake.gateway.generate(request, options);
        },
      },
    });
    const steps = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`s${index}`, { agent: { model: index % 2 ? 'm:small' : 'm:big' } }]),
    );
    const state = await (
      await engine.startRun({ playbook: buildPlaybook(steps), inputs: {}, models: [], dryRun: false })
    ).done;
    assert.equal(state.status, 'succeeded');
    assert.equal(peak, 3);
    assert.equal(peakSmall, 1);
  });
});

describe('engine: tools and the event log', () => {
  it('records tool calls and results between model turns', async () => {
    const { tools, calls: toolCalls } = createFakeTools({
      lookup: (input) => ({ ok: true, output: { found: input } }),
    });
    const fake = createFakeModelGateway((request) =>
      request.origin.turn === 0 ? { toolCalls: [{ tool: 'lookup', input: { q: 'x' } }] } : { text: 'done' },
    );
    const { engine, store } = createTestEngine({ models: fake.gateway, tools });
    const playbook = buildPlaybook({ a: { agent: { tools: ['lookup'] } } });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const state = await handle.done;
    assert.equal(state.output, 'done');
    assert.equal(toolCalls.length, 1);
    const types = store.read(handle.runId).map((event) => event.type);
    assert.deepEqual(types, [
      'run-start',
      'step-start',
      'context-add', // the system prompt
      'context-add', // the task
      'model-response',
      'tool-call',
      'tool-result',
      'model-response',
      'step-end',
      'run-end',
    ]);
    const second = fake.calls[1]!.request.messages;
    assert.equal(second[2]!.role, 'tool');
    assert.equal(fake.calls[0]!.request.tools[0]!.name, 'lookup');
  });

  it('numbers events 1..n without gaps', async () => {
    const { events } = await run({ a: {}, b: {}, c: { needs: ['a', 'b'] } });
    assert.deepEqual(
      events.map((event) => event.seq),
      events.map((_, index) => index + 1),
    );
  });
});

describe('engine: scheduling fairness', () => {
  it('does not hold independent steps behind a capped fan-out', async () => {
    const fake = createFakeModelGateway((request) => ({ delayMs: request.origin.unit.startsWith('fan') ? 300 : 5 }));
    const { engine, store } = createTestEngine({ models: fake.gateway, global: 8 });
    const playbook = buildPlaybook(
      {
        fan: { forEach: { items: '{{ inputs.items }}', concurrency: 1 } },
        first: {},
        second: { needs: ['first'] },
        third: { needs: ['second'] },
      },
      { inputs: { items: { type: 'array' } } },
    );
    const handle = await engine.startRun({ playbook, inputs: { items: [1, 2, 3, 4] }, models: [], dryRun: false });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    const events = store.read(handle.runId);
    const thirdEnd = events.find((event) => event.type === 'step-end' && event.step === 'third')!;
    const secondFanStart = events.find(
      (event) => event.type === 'step-start' && event.step === 'fan' && event.item === 1,
    )!;
    assert.ok(thirdEnd.seq < secondFanStart.seq, 'the chain finished while the fan-out still waited for its slot');
  });
});

describe('engine: tool permissions', () => {
  it('runs only the tools the agent has, whatever the model asks for', async () => {
    const { tools, calls: toolCalls } = createFakeTools({
      read_notes: () => ({ ok: true, output: 'notes' }),
      send_email: () => ({ ok: true, output: 'sent' }),
    });
    const fake = createFakeModelGateway((request) =>
      request.origin.turn === 0 ? { toolCalls: [{ tool: 'send_email', input: { to: 'all' } }] } : { text: 'done' },
    );
    const { engine, store } = createTestEngine({ models: fake.gateway, tools });
    const playbook = buildPlaybook({ a: { agent: { tools: ['read_notes'] } } });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    assert.equal(toolCalls.length, 0, 'send_email never ran');
    const result = ofType(store.read(handle.runId), 'tool-result')[0]!;
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.output), /not available to agent agent-a; its tools are: read_notes/);
  });
});

describe('engine: a run handle', () => {
  it('durable() resolves once what subscribers were shown is in the store', async () => {
    const fake = createFakeModelGateway(() => ({ delayMs: 20 }));
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({ playbook: buildPlaybook({ a: {} }), inputs: {}, models: [], dryRun: false });
    const checks: Array<Promise<void>> = [];
    handle.subscribe((event) => {
      if (event.type !== 'step-start') return;
      // Shown to subscribers as it is appended: not yet committed here.
      const shownSeq = event.seq;
      checks.push(
        handle.durable().then(() => {
          assert.ok(
            store.read(handle.runId).some((each) => each.seq === shownSeq),
            'the event is in the store',
          );
        }),
      );
    });
    await handle.done;
    assert.equal(checks.length, 1);
    await Promise.all(checks);
  });
});
