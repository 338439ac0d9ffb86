import { unitKey } from './ids.ts';
import { type PlanState, planTaskStepId } from './plan.ts';
import type { RunEventOf } from './run-event.ts';
import type { RunState } from './run-state.ts';

/** The events that change a plan step's plan. */
export type PlanEvent = RunEventOf<'plan-start' | 'plan-propose' | 'plan-accept' | 'plan-end'>;

/** Folds a plan event into the run's plans (in place, like reduceRun). */
export function reducePlan(state: RunState, event: PlanEvent): void {
  const key = unitKey(event);
  if (event.type === 'plan-start') {
    state.plans[key] = {
      unit: key,
      step: event.step,
      ...(event.item === undefined ? {} : { item: event.item }),
      goal: event.goal,
      team: event.team,
      limits: event.limits,
      rounds: [],
      tasks: [],
      answers: [],
    };
    return;
  }
  const plan = planOf(state, key);
  switch (event.type) {
    case 'plan-propose':
      plan.answers.push({
        round: event.round,
        repair: event.repair,
        attempt: event.attempt,
        answer: event.answer,
        problems: event.problems,
        firstTurn: event.firstTurn,
        nextTurn: event.nextTurn,
      });
      return;
    case 'plan-accept': {
      for (const task of event.tasks) {
        plan.tasks.push({ ...task, round: event.round, step: planTaskStepId(key, task.id), status: 'planned' });
      }
      for (const { id, reason } of event.cancel) {
        const task = taskOf(plan, id);
        task.status = 'cancelled';
        task.cancelReason = reason;
      }
      for (const id of event.release) taskOf(plan, id).status = 'released';
      plan.rounds.push({
        round: event.round,
        added: event.tasks.map((task) => task.id),
        cancelled: event.cancel.map((each) => each.id),
        released: event.release,
        done: event.done,
      });
      return;
    }
    case 'plan-end':
      plan.endReason = event.reason;
      return;
  }
}

function planOf(state: RunState, key: string): PlanState {
  const plan = state.plans[key];
  if (!plan) throw new RangeError(`event names plan ${key} before it started`);
  return plan;
}

function taskOf(plan: PlanState, id: string) {
  const task = plan.tasks.find((each) => each.id === id);
  if (!task) throw new RangeError(`event names task ${id}, not in plan ${plan.unit}`);
  return task;
}
