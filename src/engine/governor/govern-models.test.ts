// The governor as runs see it: every model call of a unit takes its slot, and the log records
// waits (slot-wait, slot-grant) and call-level retries (model-retry). Real time, fake gateway.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent, RunEventOf } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createTestEngine, systemClock } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';
import { createGovernor } from './create-governor.ts';
import type { KeyLimits } from './key-state.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);
const unitOf = (request: ModelRequest) => request.origin.unit;

async function run(
  steps: Parameters<typeof buildPlaybook>[0],
  script: (request: ModelRequest) => FakeAnswer,
  options: { limits?: KeyLimits; inputs?: Record<string, string[]> } = {},
) {
  const fake = createFakeModelGateway(script);
  const governor = createGovernor({ clock: systemClock, limitsFor: () => options.limits ?? {} });
  const { engine, store } = createTestEngine({ models: fake.gateway, governor });
  const playbook = buildPlaybook(steps, { inputs: { items: { type: 'array' } } });
  const handle = await engine.startRun({ playbook, inputs: options.inputs ?? {}, models: [], dryRun: false });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), calls: fake.calls, governor };
}

const fanOut = () => ({
  work: { forEach: { items: '{{ inputs.items }}' }, task: 'item {{ item }}' },
});
const items = (count: number) => ({ items: Array.from({ length: count }, (_, index) => `i${index}`) });

describe('governed model calls', () => {
  it('a shared 429 backs off all siblings: none goes out before the retry-after, no step attempt is spent', async () => {
    const seen = new Set<string>();
    const { state, events, calls } = await run(
      fanOut(),
      (request) => {
        const first = !seen.has(unitOf(request));
        seen.add(unitOf(request));
        if (unitOf(request) === 'work[0]' && first) {
          return {
            delayMs: 20,
            fault: { code: 'rate-limit', message: 'HTTP 429', retryable: true, retryAfterMs: 300 },
          };
        }
        return { delayMs: 40 };
      },
      { limits: { concurrency: 2 }, inputs: items(5) },
    );
    assert.equal(state.status, 'succeeded');
    const retries = ofType(events, 'model-retry');
    assert.deepEqual(
      retries.map((event) => [event.step, event.item, event.attempt, event.error.code, event.backoffMs]),
      [['work', 0, 1, 'rate-limit', 300]],
    );
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1, 1, 1, 1, 1],
      'the 429 cost no step attempt',
    );
    assert.equal(ofType(events, 'step-error').length, 0);
    // Every sibling still waiting when the 429 came heard of the backoff, and the refused call waits for it too.
    const backoffs = ofType(events, 'slot-wait').filter((event) => event.reason === 'backoff');
    assert.deepEqual(backoffs.map((event) => event.item).sort(), [0, 2, 3, 4]);
    assert.ok(backoffs.every((event) => event.expectedMs !== undefined && event.expectedMs <= 300));
    // On the wire: after the refusal, nothing started until its retry-after had passed.
    const refused = calls[0]!;
    assert.equal(unitOf(refused.request), 'work[0]');
    const later = calls.filter((call) => call.startedAt >= refused.endedAt!);
    assert.equal(later.length, 4, 'the retried call and three waiting siblings');
    for (const call of later) {
      assert.ok(call.startedAt - refused.endedAt! >= 295, `${unitOf(call.request)} went out during the backoff`);
    }
    // Each wait ended with a slot-grant that says how long it lasted.
    const grants = ofType(events, 'slot-grant');
    assert.ok(grants.some((event) => event.item === 2 && event.waitedMs >= 250));
  });

  it('final errors are not retried: one call each, the step policy decides', async () => {
    const faults = {
      auth: { code: 'auth', message: 'HTTP 401', retryable: false },
      quota: { code: 'quota', message: 'HTTP 429 insufficient_quota', retryable: false },
      invalid: { code: 'bad-request', message: 'HTTP 400', retryable: false },
      forbidden: { code: 'auth', message: 'HTTP 403', retryable: false },
    } as const;
    const steps = Object.fromEntries(
      Object.keys(faults).map((id) => [id, { onError: { action: 'continue' as const }, retry: { attempts: 3 } }]),
    );
    const { state, events, calls } = await run(steps, (request) => ({
      fault: faults[unitOf(request) as keyof typeof faults],
    }));
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(calls.map((call) => unitOf(call.request)).sort(), ['auth', 'forbidden', 'invalid', 'quota']);
    assert.equal(ofType(events, 'model-retry').length, 0);
    assert.deepEqual(
      ofType(events, 'step-error').map((event) => event.decision),
      ['continue', 'continue', 'continue', 'continue'],
    );
  });

  it('a partially streamed call is not retried blindly: the step decides, as a new attempt', async () => {
    const { state, events, calls } = await run({ draft: { retry: { attempts: 2 } } }, (request) =>
      request.origin.attempt === 1
        ? {
            deltas: ['Once upon'],
            fault: { code: 'stream-cut', message: 'cut after output', retryable: true, partialOutput: true },
          }
        : { text: 'a whole answer' },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(calls.length, 2);
    assert.equal(ofType(events, 'model-retry').length, 0, 'no silent retry of a call whose output was streamed');
    assert.deepEqual(
      ofType(events, 'step-error').map((event) => [event.attempt, event.error.code, event.decision]),
      [[1, 'stream-cut', 'retry']],
    );
    assert.deepEqual(
      ofType(events, 'step-end').map((event) => [event.attempt, event.output]),
      [[2, 'a whole answer']],
    );
  });

  it('a stream cut before any output, or a 5xx, is made again at the call level', async () => {
    let calls = 0;
    const { state, events } = await run({ draft: {} }, () => {
      calls++;
      if (calls === 1) return { fault: { code: 'stream-cut', message: 'cut before output', retryable: true } };
      if (calls === 2) return { fault: { code: 'server', message: 'HTTP 502', retryable: true } };
      return { text: 'done' };
    });
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(
      ofType(events, 'model-retry').map((event) => [event.error.code, event.retryInMs, event.backoffMs]),
      [
        ['stream-cut', 1_000, undefined],
        ['server', 2_000, undefined],
      ],
    );
    assert.deepEqual(
      ofType(events, 'step-start').map((event) => event.attempt),
      [1],
    );
  });

  it('limits learned from headers are respected by the calls that follow', async () => {
    const { state, events, calls, governor } = await run(
      { first: {}, a: { needs: ['first'] }, b: { needs: ['first'] }, c: { needs: ['first'] } },
      () => ({ rateLimit: { requests: { limit: 240, remaining: 0, resetMs: 250 } } }),
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(governor.inspect('fake:model').requestsPerMinute, 240);
    const starts = calls.slice(1).map((call) => call.startedAt);
    // 240 a minute, paced at 98 %: one request every 255 ms, the provider having said none were left.
    for (let index = 1; index < starts.length; index++) {
      assert.ok(starts[index]! - starts[index - 1]! >= 250, `calls ${starts.join(', ')} too close`);
    }
    const waits = ofType(events, 'slot-wait');
    assert.deepEqual(waits.map((event) => event.reason).sort(), ['rate-limit', 'rate-limit', 'rate-limit']);
  });

  it('a persistent overload is retried per call, then the step falls back', async () => {
    const { state, events, calls } = await run(
      { primary: { agent: { model: 'p:big' }, onError: { action: 'fallback', model: 'p:small' } } },
      (request) =>
        request.model === 'p:big'
          ? { fault: { code: 'overload', message: 'HTTP 529', retryable: true, retryAfterMs: 5 } }
          : { text: 'from the small model' },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(calls.filter((call) => call.request.model === 'p:big').length, 7, 'the first call and 6 retries');
    assert.equal(ofType(events, 'model-retry').length, 6);
    assert.equal(ofType(events, 'step-error')[0]!.decision, 'fallback');
    assert.equal(state.output, 'from the small model');
  });
});

describe('governed model calls: fairness', () => {
  it("one run's huge fan-out does not starve another run on the same key", async () => {
    const fake = createFakeModelGateway(() => ({ delayMs: 5 }));
    const governor = createGovernor({ clock: systemClock, limitsFor: () => ({ concurrency: 2 }) });
    const { engine } = createTestEngine({ models: fake.gateway, governor });
    const big = await engine.startRun({
      playbook: buildPlaybook(fanOut(), { inputs: { items: { type: 'array' } }, name: 'big' }),
      inputs: items(40),
      models: [],
      dryRun: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 2)); // the big run's calls are queued first
    const small = await engine.startRun({
      playbook: buildPlaybook({ one: {}, two: {} }, { name: 'small' }),
      inputs: {},
      models: [],
      dryRun: false,
    });
    await Promise.all([big.done, small.done]);
    const order = fake.calls.map((call) => call.request.origin.runId);
    const smallCalls = order.flatMap((runId, index) => (runId === small.runId ? [index] : []));
    assert.equal(smallCalls.length, 2);
    assert.ok(smallCalls[1]! < 10, `the small run's calls came at ${smallCalls} of ${order.length}`);
  });

  it('a step on the critical path goes before a leaf fan-out that asked at the same time', async () => {
    const { calls } = await run(
      {
        ...fanOut(),
        plan: {},
        write: { needs: ['plan'] },
        check: { needs: ['write'] },
      },
      () => ({ delayMs: 5 }),
      { limits: { concurrency: 1 }, inputs: items(12) },
    );
    const order = calls.map((call) => unitOf(call.request));
    assert.ok(order.indexOf('plan') <= 1, `plan came at ${order.indexOf('plan')}: ${order.join(' ')}`);
  });
});
