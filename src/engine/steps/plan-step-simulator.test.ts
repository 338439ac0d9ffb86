import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, RunEvent, RunEventOf, SimulatorScript } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createSimulatedModels, createTestEngine } from '../../testing/create-test-engine.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

async function dryRun(simulate?: SimulatorScript) {
  const { engine, store } = createTestEngine({ models: createSimulatedModels() });
  const model = 'simulator:default';
  const playbook = buildPlaybook({
    campaign: {
      kind: 'plan',
      agent: { model, ...(simulate ? { simulate } : {}) },
      team: [
        { name: 'researcher', model },
        { name: 'writer', model },
      ],
    },
  });
  const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: true });
  const state = await handle.done;
  return { state, events: store.read(handle.runId) };
}

const task = (id: string, agent: string, dependsOn: string[] = []) => ({
  id,
  agent,
  instructions: `do ${id}`,
  dependsOn,
});

describe('plan step on the simulator (dry run)', () => {
  it('makes up a valid plan, runs it, and revises it once at most', async () => {
    const { state, events } = await dryRun();
    assert.equal(state.status, 'succeeded');
    const proposes = ofType(events, 'plan-propose');
    assert.deepEqual(
      proposes.flatMap((event) => event.problems),
      [],
      'every simulated answer is valid',
    );
    const accepts = ofType(events, 'plan-accept');
    assert.ok(accepts[0]!.tasks.length >= 2);
    const second = accepts[1]!;
    assert.ok(
      second.done ? second.tasks.length === 0 : second.tasks.length === 1,
      'round 2 says done or adds one task',
    );
    assert.equal(state.plans.campaign!.endReason, 'done');
    const again = await dryRun();
    assert.deepEqual(again.state.steps.campaign!.output, state.steps.campaign!.output, 'deterministic');
  });

  it('plays back scripted planner answers: a cycle, an agent off the team, then a good plan', async () => {
    const plans: Json[] = [
      { tasks: [task('t1', 'writer', ['t2']), task('t2', 'writer', ['t1'])], cancel: [], done: true },
      { tasks: [task('t1', 'designer')], cancel: [], done: true },
      { tasks: [task('t1', 'researcher'), task('t2', 'writer', ['t1'])], cancel: [], done: true },
    ];
    const { state, events } = await dryRun({ plans });
    assert.equal(state.status, 'succeeded');
    const proposes = ofType(events, 'plan-propose');
    assert.deepEqual(
      proposes.map((event) => event.problems.map((problem) => problem.code)),
      [['cycle'], ['malformed'], []],
    );
    // The gateway checks the answer against the schema, whose agent is an enum of the team.
    assert.match(proposes[1]!.problems[0]!.message, /does not match the output schema: tasks\.0\.agent/);
    assert.deepEqual(
      state.plans.campaign!.tasks.map((each) => [each.id, each.agent]),
      [
        ['t1', 'researcher'],
        ['t2', 'writer'],
      ],
    );
  });
});
