import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../../spec/index.ts';
import { createSeededRandom, hashParts } from './seeded-random.ts';
import { simulatePlan } from './simulate-plan.ts';

const schema = {
  type: 'object',
  properties: { tasks: { type: 'array', items: { type: 'object', properties: { agent: { enum: ['ana', 'bo'] } } } } },
};
type Answer = { tasks: Array<{ id: string; agent: string; dependsOn: string[] }>; cancel: Json[]; done: boolean };
const answer = (seed: string, planning: Parameters<typeof simulatePlan>[1]) =>
  simulatePlan(schema, planning, createSeededRandom(hashParts([seed])), 'a launch') as unknown as Answer;

describe('simulatePlan', () => {
  it('makes a valid first plan: unique ids, agents of the team, dependencies on earlier tasks', () => {
    for (let seed = 0; seed < 50; seed++) {
      const plan = answer(String(seed), { round: 1, taskIds: [], cancelledIds: [], maxNewTasks: 10 });
      assert.ok(plan.tasks.length >= 2 && plan.tasks.length <= 4);
      assert.equal(new Set(plan.tasks.map((task) => task.id)).size, plan.tasks.length);
      const seen: string[] = [];
      for (const task of plan.tasks) {
        assert.ok(['ana', 'bo'].includes(task.agent));
        assert.ok(
          task.dependsOn.every((dep) => seen.includes(dep)),
          'depends on earlier tasks only',
        );
        seen.push(task.id);
      }
      assert.equal(plan.done, false);
    }
    assert.equal(answer('x', { round: 1, taskIds: [], cancelledIds: [], maxNewTasks: 1 }).tasks.length, 1);
  });

  it('in round 2 adds one task building on the plan (a revision every dry run shows), deterministically; later rounds say done', () => {
    for (let seed = 0; seed < 40; seed++) {
      const planning = { round: 2, taskIds: ['t1', 't2', 't3'], cancelledIds: ['t3'], maxNewTasks: 5 };
      const plan = answer(String(seed), planning);
      assert.deepEqual(answer(String(seed), planning), plan, 'same seed, same answer');
      assert.equal(plan.done, false);
      assert.equal(plan.tasks.length, 1);
      assert.equal(plan.tasks[0]!.id, 't4');
      assert.deepEqual(plan.tasks[0]!.dependsOn, ['t2'], 'on the last task not cancelled');
    }
    assert.equal(
      answer('z', { round: 2, taskIds: ['t1'], cancelledIds: [], maxNewTasks: 0 }).done,
      true,
      'no room: done',
    );
    assert.equal(answer('y', { round: 3, taskIds: ['t1'], cancelledIds: [], maxNewTasks: 5 }).done, true);
  });
});
