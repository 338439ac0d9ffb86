import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, PlanState, PlanTaskState } from '../../spec/index.ts';
import { asStepId } from '../../spec/index.ts';
import { checkPlanAnswer } from './check-plan-answer.ts';

const task = (id: string, agent = 'writer', dependsOn: string[] = []) => ({
  id,
  agent,
  instructions: `do ${id}`,
  dependsOn,
});

function planWith(tasks: Array<Partial<PlanTaskState> & { id: string }> = []): PlanState {
  return {
    unit: 'campaign',
    step: asStepId('campaign'),
    goal: 'a launch',
    team: [
      { name: 'researcher', role: 'finds facts' },
      { name: 'writer', role: 'writes' },
    ],
    limits: { maxTasks: 4, maxRounds: 3, maxRepairs: 1 },
    rounds: [],
    tasks: tasks.map((each) => ({
      agent: 'writer',
      instructions: 'x',
      dependsOn: [],
      round: 1,
      step: asStepId(`campaign.${each.id}`),
      status: 'planned',
      ...each,
    })),
    answers: [],
  };
}

const codes = (plan: PlanState, answer: Json, round = 2) =>
  checkPlanAnswer(plan, { maxTasks: 4 }, answer, round).problems.map((problem) => problem.code);

describe('checkPlanAnswer', () => {
  it('accepts a valid first plan (also as a JSON string) and fills in missing dependsOn', () => {
    const answer = {
      tasks: [task('t1', 'researcher'), { id: 't2', agent: 'writer', instructions: 'go' }],
      done: false,
    };
    const checked = checkPlanAnswer(planWith(), { maxTasks: 4 }, JSON.stringify(answer), 1);
    assert.deepEqual(checked.problems, []);
    assert.deepEqual(checked.proposal?.tasks[1], { id: 't2', agent: 'writer', instructions: 'go', dependsOn: [] });
  });

  it('rejects what cannot be read', () => {
    assert.deepEqual(codes(planWith(), 'not json', 1), ['malformed']);
    assert.deepEqual(codes(planWith(), [1, 2], 1), ['malformed']);
    assert.deepEqual(codes(planWith(), { tasks: [{ id: 't1' }] }, 1), ['malformed']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t1')], done: 'yes' }, 1), ['malformed']);
  });

  it('finds bad ids, unknown agents and dependencies, cycles, too many tasks, an empty plan', () => {
    assert.deepEqual(codes(planWith(), { tasks: [] }, 1), ['empty-plan']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t 1')] }, 1), ['invalid-id']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t1'), task('t1')] }, 1), ['duplicate-id']);
    assert.deepEqual(codes(planWith([{ id: 't1' }]), { tasks: [task('t1')] }), ['duplicate-id']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t1', 'designer')] }, 1), ['unknown-agent']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t1', 'writer', ['t9'])] }, 1), ['unknown-dependency']);
    assert.deepEqual(codes(planWith(), { tasks: [task('t1', 'writer', ['t1'])] }, 1), ['cycle']);
    const five = ['a', 'b', 'c', 'd', 'e'].map((id) => task(id));
    assert.deepEqual(codes(planWith(), { tasks: five }, 1), ['too-many-tasks']);
  });

  it('counts tasks over all rounds, leaving cancelled ones out', () => {
    const plan = planWith([{ id: 'a', status: 'released' }, { id: 'b', status: 'released' }, { id: 'c' }]);
    assert.deepEqual(codes(plan, { tasks: [task('d'), task('e')] }), ['too-many-tasks']);
    assert.deepEqual(codes(plan, { tasks: [task('d'), task('e')], cancel: [{ id: 'c', reason: 'no' }] }), []);
  });

  it('cancels only tasks not started, and the planned tasks that need them', () => {
    const plan = planWith([
      { id: 't1', status: 'released' },
      { id: 't2' },
      { id: 't3', dependsOn: ['t2'] },
      { id: 't4', status: 'cancelled' },
    ]);
    const checked = checkPlanAnswer(
      plan,
      { maxTasks: 9 },
      { tasks: [], cancel: [{ id: 't2', reason: 'covered' }], done: true },
      2,
    );
    assert.deepEqual(checked.proposal?.cancel, [
      { id: 't2', reason: 'covered' },
      { id: 't3', reason: 'depends on cancelled task t2' },
    ]);
    assert.deepEqual(codes(plan, { tasks: [], cancel: [{ id: 't1', reason: '' }], done: true }), ['not-cancellable']);
    assert.deepEqual(codes(plan, { tasks: [], cancel: [{ id: 't4', reason: '' }], done: true }), ['not-cancellable']);
    assert.deepEqual(codes(plan, { tasks: [], cancel: [{ id: 't9', reason: '' }], done: true }), ['unknown-task']);
    assert.deepEqual(codes(plan, { tasks: [task('t5', 'writer', ['t4'])] }), ['unknown-dependency']);
    const needsCancelled = { tasks: [task('t5', 'writer', ['t2'])], cancel: [{ id: 't2', reason: 'x' }] };
    assert.deepEqual(codes(plan, needsCancelled), ['unknown-dependency']);
  });

  it('wants a revision that leaves nothing to run to say done', () => {
    const plan = planWith([{ id: 't1', status: 'released' }]);
    assert.deepEqual(codes(plan, { tasks: [], cancel: [], done: false }), ['empty-plan']);
    assert.deepEqual(codes(plan, { tasks: [], cancel: [], done: true }), []);
  });
});
