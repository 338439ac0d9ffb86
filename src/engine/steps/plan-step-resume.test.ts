import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent } from '../../spec/index.ts';
import { unitKey } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createMemoryStore, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const task = (id: string, agent: string, dependsOn: string[] = []) => ({
  id,
  agent,
  instructions: `do ${id}`,
  dependsOn,
});

// One answer per planner call, by the call's turn: a bad first plan, its repair, a revision, done.
const plannerAnswers = [
  { tasks: [task('t1', 'designer'), task('t2', 'researcher')], cancel: [], done: false },
  {
    tasks: [task('t1', 'researcher'), task('t2', 'researcher'), task('t3', 'writer', ['t1', 't2'])],
    cancel: [],
    done: false,
  },
  { tasks: [task('t4', 'writer', ['t1'])], cancel: [{ id: 't3', reason: 'not needed' }], done: false },
  { tasks: [], cancel: [], done: true },
];

/** Deterministic: the same call always gets the same answer. */
const script = (request: ModelRequest): FakeAnswer => {
  const { unit, turn } = request.origin;
  if (unit === 'campaign') return { object: plannerAnswers[turn]! };
  // The researcher of t1 shares a finding first, so the resumed runs cross a tool call too.
  if (unit === 'campaign.t1' && turn === 0) {
    return { toolCalls: [{ tool: 'share_finding', input: { topic: 'audience', content: 'founders' } }] };
  }
  return { text: `${unit}@${turn}` };
};

const callKey = (request: ModelRequest) => `${request.origin.unit}#${request.origin.attempt}#${request.origin.turn}`;
const recordedCalls = (events: RunEvent[]) =>
  new Set(
    events
      .filter((event) => event.type === 'model-response')
      .map((event) => `${unitKey(event)}#${event.attempt}#${event.turn}`),
  );
const count = (events: RunEvent[], type: RunEvent['type']) => events.filter((event) => event.type === type).length;

describe('plan step: resume', () => {
  it('finishes from every prefix of its log without asking the planner or a task again for a recorded answer', async () => {
    const playbook = buildPlaybook({
      campaign: { kind: 'plan', team: [{ name: 'researcher' }, { name: 'writer' }] },
      publish: { needs: ['campaign'] },
    });
    const original = createFakeModelGateway(script);
    const { engine, store } = createTestEngine({ models: original.gateway });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const expected = await handle.done;
    assert.equal(expected.status, 'succeeded');
    const log = store.read(handle.runId);
    assert.equal(count(log, 'plan-propose'), 4);
    assert.equal(count(log, 'plan-accept'), 3);
    assert.equal(count(log, 'graph-extend'), 2, 'two waves (the last round only says done)');

    for (let cut = 1; cut < log.length; cut++) {
      const prefix = log.slice(0, cut);
      const copy = createMemoryStore();
      await copy.append(handle.runId, prefix);
      const again = createFakeModelGateway(script);
      const { engine: second } = createTestEngine({ models: again.gateway, store: copy });
      const resumed = await (await second.resumeRun(handle.runId, 'test')).done;

      assert.equal(resumed.status, 'succeeded', `cut ${cut}`);
      assert.deepEqual(resumed.output, expected.output, `cut ${cut}: same output`);
      assert.deepEqual(resumed.steps.campaign!.output, expected.steps.campaign!.output, `cut ${cut}: same plan`);
      const recorded = recordedCalls(prefix);
      const repeated = again.calls.map((call) => callKey(call.request)).filter((key) => recorded.has(key));
      assert.deepEqual(repeated, [], `cut ${cut}: no recorded call is made again`);

      const full = copy.read(handle.runId);
      assert.equal(count(full, 'plan-propose'), 4, `cut ${cut}: every planner answer recorded once`);
      assert.equal(count(full, 'plan-accept'), 3, `cut ${cut}: every round accepted once`);
      assert.equal(count(full, 'graph-extend'), 2, `cut ${cut}: every wave added once`);
      assert.equal(count(full, 'finding-share'), 1, `cut ${cut}: the finding is shared once`);
      const ends = full.filter((event) => event.type === 'step-end').map((event) => unitKey(event));
      assert.equal(new Set(ends).size, ends.length, `cut ${cut}: every unit ends once`);
      await copy.close();
    }
  });
});
