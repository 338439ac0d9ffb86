import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ApprovalStep,
  CompiledPlaybook,
  Json,
  RunCommand,
  RunEvent,
  RunEventOf,
  RunId,
  RunState,
} from '../../spec/index.ts';
import { asStepId, digestOf } from '../../spec/index.ts';
import { buildPlaybook, type TestStep } from '../../testing/build-playbook.ts';
import { createFakeTools, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/** A playbook of agent steps plus approval steps (`{ approval: message, content?, needs }`). */
function withApprovals(
  agents: Record<string, TestStep>,
  approvals: Record<string, { message: string; content?: string; needs: string[]; onError?: ApprovalStep['onError'] }>,
): CompiledPlaybook {
  const playbook = buildPlaybook(agents);
  for (const [id, approval] of Object.entries(approvals)) {
    playbook.steps[id] = {
      kind: 'approval',
      id: asStepId(id),
      needs: approval.needs.map(asStepId),
      message: approval.message,
      ...(approval.content === undefined ? {} : { content: approval.content }),
      retry: { attempts: 1, backoffMs: 1, factor: 2, maxBackoffMs: 10, jitter: false },
      onError: approval.onError ?? { action: 'fail' },
    };
  }
  return playbook;
}

function decide(
  state: RunState,
  id: string,
  decision: Extract<RunCommand, { type: 'decide' }>['decision'],
  extra: { content?: Json; comment?: string } = {},
): Extract<RunCommand, { type: 'decide' }> {
  const approval = state.approvals.get(id);
  assert.ok(approval, `approval ${id} was asked`);
  return { type: 'decide', id, decision, digest: approval.digest, by: 'ana', ...extra };
}

/** Waits until the run's log has an event matching `test`. */
async function until(read: () => RunEvent[], test: (event: RunEvent) => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (read().some(test)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the awaited event never came');
}

// Three branches, each: write → approve → publish; plus one long step that keeps the run busy.
const branches = withApprovals(
  {
    write_a: {},
    write_b: {},
    write_c: {},
    research: { agent: { tools: ['gate'] } },
    publish_a: { needs: ['approve_a'], task: 'publish {{ steps.approve_a.output }}' },
    publish_b: { needs: ['approve_b'], task: 'publish {{ steps.approve_b.output }}' },
    publish_c: { needs: ['approve_c'], task: 'publish {{ steps.approve_c.output }}' },
  },
  {
    approve_a: { message: 'Post A?', content: '{{ steps.write_a.output }}', needs: ['write_a'] },
    approve_b: { message: 'Post B?', content: '{{ steps.write_b.output }}', needs: ['write_b'] },
    approve_c: { message: 'Post C?', content: '{{ steps.write_c.output }}', needs: ['write_c'] },
  },
);

describe('approvals', () => {
  it('resolves three parallel approvals in reverse order while the run keeps going; each resumes only its branch', async () => {
    // research waits at a gate the test opens only after all three branches are done.
    const fake = createFakeModelGateway((request) =>
      request.origin.unit === 'research' && request.origin.turn === 0
        ? { toolCalls: [{ tool: 'gate', input: {} }] }
        : {},
    );
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tools = createFakeTools({ gate: () => gate.then(() => ({ ok: true, output: 'open' })) });
    const { engine, store } = createTestEngine({ models: fake.gateway, tools: tools.tools });
    const handle = await engine.startRun({
      playbook: branches,
      inputs: {},
      models: [],
      dryRun: false,
      whenBlocked: 'wait',
    });
    const read = () => store.read(handle.runId);
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_a');
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_b');
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_c');
    for (const branch of ['c', 'b', 'a']) {
      store.send(handle.runId, decide(handle.state, `approve_${branch}`, 'approve'));
      await until(read, (event) => event.type === 'step-end' && event.step === `publish_${branch}`);
      const started = ofType(read(), 'step-start').map((event) => event.step);
      for (const other of ['a', 'b', 'c'].filter((each) => each < branch)) {
        assert.ok(!started.includes(asStepId(`publish_${other}`)), `publish_${other} waits for its own approval`);
      }
    }
    assert.equal(
      read().some((event) => event.type === 'step-end' && event.step === 'research'),
      false,
      'research is still running',
    );
    open();
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    const responses = ofType(read(), 'approval-response').map((event) => event.id);
    assert.deepEqual(responses, ['approve_c', 'approve_b', 'approve_a']);
    const researchEnd = read().find((event) => event.type === 'step-end' && event.step === 'research')!;
    const lastPublish = read().find((event) => event.type === 'step-end' && event.step === 'publish_a')!;
    assert.ok(lastPublish.seq < researchEnd.seq, 'the branches went on while research was still running');
    const request = ofType(read(), 'approval-request').find((event) => event.request.id === 'approve_a')!;
    assert.equal(request.request.content, 'answer to write_a', 'the person sees the content');
    assert.equal(request.request.digest, digestOf('answer to write_a'));
  });

  it('pauses when only decisions are left, and a decision sent while nobody runs it is applied on resume', async () => {
    const fake = createFakeModelGateway();
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({ playbook: branches, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.deepEqual(paused.pause?.waitingFor?.toSorted(), ['approve_a', 'approve_b', 'approve_c']);
    assert.equal(store.get(handle.runId)?.status, 'paused', 'the store lists it as paused');
    assert.equal(store.get(handle.runId)?.owner, undefined, 'nobody holds it');

    let runId: RunId = handle.runId;
    for (const branch of ['c', 'b', 'a']) {
      const before = fake.calls.length;
      store.send(runId, decide(paused, `approve_${branch}`, 'approve'));
      const resumed = await engine.resumeRun(runId, 'a person decided');
      const state = await resumed.done;
      runId = resumed.runId;
      const newCalls = fake.calls.slice(before).map((call) => call.request.origin.unit);
      assert.deepEqual(newCalls, [`publish_${branch}`], 'only its own branch ran');
      if (branch !== 'a') assert.equal(state.status, 'paused');
      else assert.equal(state.status, 'succeeded');
      Object.assign(paused, state);
    }
  });

  it('an edited approval changes what runs next; a rejection fails the step under its error policy', async () => {
    const fake = createFakeModelGateway();
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({
      playbook: branches,
      inputs: {},
      models: [],
      dryRun: false,
      whenBlocked: 'wait',
    });
    const read = () => store.read(handle.runId);
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_c');
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_b');
    await until(read, (event) => event.type === 'approval-request' && event.request.id === 'approve_a');
    // A stale digest (what the person saw is not what is asked) is refused, not applied.
    store.send(handle.runId, { ...decide(handle.state, 'approve_a', 'approve'), digest: digestOf('something else') });
    store.send(handle.runId, decide(handle.state, 'approve_a', 'approve', { content: 'Edited post A' }));
    await until(read, (event) => event.type === 'step-end' && event.step === 'publish_a');
    store.send(handle.runId, decide(handle.state, 'approve_b', 'reject', { comment: 'off-brand' }));
    const state = await handle.done;
    const publishA = fake.calls.find((call) => call.request.origin.unit === 'publish_a')!;
    assert.equal(
      publishA.request.messages[0]!.role === 'user' && publishA.request.messages[0]!.content,
      'publish Edited post A',
    );
    const responses = ofType(read(), 'approval-response').filter((event) => event.id === 'approve_a');
    assert.equal(responses.length, 1, 'the stale decision was not recorded');
    assert.equal(state.status, 'failed');
    assert.match(state.error!.message, /approve_b.*ana rejected it: off-brand/);
  });
});

describe('approval-gated tools', () => {
  const gated = () =>
    createFakeTools({ send_email: (input) => ({ ok: true, output: { sent: input } }) }, ['send_email']);
  const script = (request: { origin: { unit: string; turn: number } }): FakeAnswer =>
    request.origin.unit === 'outreach' && request.origin.turn === 0
      ? { toolCalls: [{ tool: 'send_email', input: { to: 'lead@example.com', body: 'Hi' } }] }
      : { text: 'done' };

  for (const decision of ['approve', 'reject'] as const) {
    it(`waits for a person who sees the exact arguments; ${decision} ${decision === 'approve' ? 'runs' : 'skips'} the tool`, async () => {
      const fake = createFakeModelGateway(script);
      const tools = gated();
      const { engine, store } = createTestEngine({ models: fake.gateway, tools: tools.tools });
      const playbook = buildPlaybook({ outreach: { agent: { tools: ['send_email'] } }, other: {} });
      const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false, whenBlocked: 'wait' });
      const read = () => store.read(handle.runId);
      await until(read, (event) => event.type === 'approval-request');
      assert.equal(tools.calls.length, 0, 'the tool has not run');
      const [request] = ofType(read(), 'approval-request');
      const shown = { tool: 'send_email', input: { to: 'lead@example.com', body: 'Hi' } };
      assert.deepEqual(request!.request.content, shown);
      assert.equal(request!.request.kind, 'tool');
      assert.equal(request!.request.digest, digestOf(shown));
      assert.ok(
        read().findIndex((event) => event.type === 'tool-call') <
          read().findIndex((event) => event.type === 'approval-request'),
        'the call is recorded before it is put to a person',
      );
      store.send(handle.runId, decide(handle.state, request!.request.id, decision, { comment: 'not now' }));
      const state = await handle.done;
      assert.equal(state.status, 'succeeded');
      const [result] = ofType(read(), 'tool-result');
      if (decision === 'approve') {
        assert.equal(tools.calls.length, 1);
        assert.equal(result!.isError, false);
      } else {
        assert.equal(tools.calls.length, 0, 'a rejected call never runs');
        assert.deepEqual(result!.output, { error: 'ana did not approve this call: not now' });
      }
    });
  }
});

describe('on_error: escalate', () => {
  const failing = (request: { origin: { unit: string } }): FakeAnswer =>
    request.origin.unit === 'check'
      ? { fault: { code: 'bad-request', message: 'the model refused', retryable: false } }
      : { text: `${request.origin.unit} ok` };

  for (const [decision, expected] of [
    ['provide', 'checked by hand'],
    ['skip', null],
  ] as const) {
    it(`turns a failure into a task for a person: ${decision}`, async () => {
      const fake = createFakeModelGateway(failing);
      const { engine, store } = createTestEngine({ models: fake.gateway });
      const playbook = buildPlaybook({
        check: { onError: { action: 'escalate' } },
        publish: { needs: ['check'], task: 'publish {{ steps.check.output }}' },
      });
      const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
      const paused = await handle.done;
      assert.equal(paused.status, 'paused');
      const [request] = ofType(store.read(handle.runId), 'approval-request');
      assert.equal(request!.request.kind, 'escalation');
      assert.deepEqual(request!.request.options, ['provide', 'retry', 'skip']);
      assert.equal(ofType(store.read(handle.runId), 'step-error')[0]!.decision, 'escalate');
      store.send(
        handle.runId,
        decide(paused, request!.request.id, decision, decision === 'provide' ? { content: expected } : {}),
      );
      const state = await (await engine.resumeRun(handle.runId, 'decided')).done;
      assert.equal(state.status, 'succeeded');
      assert.equal(state.steps.check!.output, expected);
      const publish = fake.calls.find((call) => call.request.origin.unit === 'publish')!;
      const task = publish.request.messages[0]!;
      assert.equal(task.role === 'user' && task.content, decision === 'provide' ? `publish ${expected}` : 'publish ');
    });
  }

  it('retry: a person asks for another round of attempts', async () => {
    let calls = 0;
    const fake = createFakeModelGateway((request) => {
      if (request.origin.unit !== 'check') return {};
      calls++;
      return calls === 1
        ? { fault: { code: 'bad-request', message: 'refused', retryable: false } }
        : { text: 'fine now' };
    });
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const playbook = buildPlaybook({ check: { onError: { action: 'escalate' } } });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    const [request] = ofType(store.read(handle.runId), 'approval-request');
    store.send(handle.runId, decide(paused, request!.request.id, 'retry'));
    const state = await (await engine.resumeRun(handle.runId, 'decided')).done;
    assert.equal(state.status, 'succeeded');
    assert.equal(state.steps.check!.output, 'fine now');
    assert.deepEqual(
      ofType(store.read(handle.runId), 'step-start').map((event) => event.attempt),
      [1, 2],
    );
  });
});
