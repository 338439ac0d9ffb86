import type { Json, PlanState, PlanTaskState, RunState, StepFailure } from '../../spec/index.ts';

/** Where a task of a plan stands: its plan status, or its step's once released. */
export type PlanTaskStatus = 'planned' | 'cancelled' | 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** A task with its live status and result. */
export interface PlanTaskView {
  id: string;
  agent: string;
  round: number;
  dependsOn: string[];
  instructions: string;
  step: string;
  status: PlanTaskStatus;
  output?: Json;
  error?: StepFailure;
  /** Why it was cancelled or skipped. */
  reason?: string;
}

/** The status and result of one task, read from its step when it has been released. */
export function viewPlanTask(state: RunState, task: PlanTaskState): PlanTaskView {
  const base = {
    id: task.id,
    agent: task.agent,
    round: task.round,
    dependsOn: task.dependsOn,
    instructions: task.instructions,
    step: task.step,
  };
  if (task.status === 'cancelled') return { ...base, status: 'cancelled', reason: task.cancelReason ?? 'cancelled' };
  const step = state.steps[task.step];
  if (task.status === 'planned' || !step) return { ...base, status: 'planned' };
  return {
    ...base,
    status: step.status,
    ...(step.output === undefined ? {} : { output: step.output }),
    ...(step.error && step.status === 'failed' ? { error: step.error } : {}),
    ...(step.skipReason ? { reason: step.skipReason } : {}),
  };
}

/** A plan step's result: the goal, how the plan ended, and every task with its status and result. */
export function describePlan(state: RunState, plan: PlanState): Json {
  return {
    goal: plan.goal,
    rounds: plan.rounds.length,
    end: plan.endReason ?? null,
    tasks: plan.tasks.map((task) => {
      const { step: _, ...view } = viewPlanTask(state, task);
      return view as unknown as Json;
    }),
  };
}
