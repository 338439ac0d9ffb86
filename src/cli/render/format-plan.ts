import { viewPlanTask } from '../../engine/plan/describe-plan.ts';
import type { PlanState, RunState, StepState } from '../../spec/index.ts';
import { type Colors, padTo } from './format.ts';

const endWords = {
  done: 'the planner said done',
  'max-rounds': 'max rounds reached',
  'max-tasks': 'max tasks reached',
};

/** A plan as `brigade show` prints it: goal, rounds (with rejected answers), and every task with its status. */
export function formatPlan(state: RunState, plan: PlanState, colors: Colors): string {
  const ended = plan.endReason ? `ended: ${endWords[plan.endReason]}` : 'not ended';
  const lines = [
    `${colors.bold(`Plan ${plan.unit}`)} ${colors.dim(`(${plan.rounds.length} round${plan.rounds.length === 1 ? '' : 's'}, ${ended})`)}`,
    `  goal: ${plan.goal.replace(/\s+/g, ' ').trim()}`,
  ];
  const rounds = new Set([...plan.rounds.map((round) => round.round), ...plan.answers.map((answer) => answer.round)]);
  for (const number of [...rounds].sort((a, b) => a - b)) {
    const round = plan.rounds.find((each) => each.round === number);
    const parts: string[] = [];
    if (round?.added.length) parts.push(`added ${round.added.join(', ')}`);
    if (round?.cancelled.length) parts.push(`cancelled ${round.cancelled.join(', ')}`);
    if (round?.released.length) parts.push(`ran ${round.released.join(', ')}`);
    if (round?.done) parts.push('done');
    if (!round) parts.push(colors.red('not accepted'));
    lines.push(`  round ${number}: ${parts.join('; ') || 'no change'}`);
    for (const answer of plan.answers.filter((each) => each.round === number && each.problems.length > 0)) {
      const problems = answer.problems.map((problem) => problem.message).join('; ');
      lines.push(colors.yellow(`    answer ${answer.repair + 1} rejected: ${problems}`));
    }
  }
  lines.push(
    colors.dim(`  ${padTo('TASK', 14)} ${padTo('AGENT', 18)} ${padTo('ROUND', 5)} ${padTo('AFTER', 16)} STATUS`),
  );
  for (const task of plan.tasks) {
    const view = viewPlanTask(state, task);
    const status = view.status === 'pending' && state.status !== 'running' ? 'not run' : view.status;
    const why = view.reason
      ? colors.dim(` (${view.reason})`)
      : view.error
        ? colors.red(` (${view.error.message})`)
        : '';
    const after = view.dependsOn.length > 0 ? view.dependsOn.join(', ') : '—';
    lines.push(
      `  ${padTo(view.id, 14)} ${padTo(view.agent, 18)} ${padTo(String(view.round), 5)} ${padTo(after, 16)} ${status}${why}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The run's steps for display: a plan's tasks right after the plan step that added them. */
export function stepsInOrder(state: RunState): StepState[] {
  const steps = Object.values(state.steps);
  const added = new Map<string, StepState[]>();
  for (const step of steps) {
    const by = state.playbook?.steps[step.id]?.addedBy;
    if (by === undefined) continue;
    const owner = by.replace(/\[\d+\]$/, '');
    added.set(owner, [...(added.get(owner) ?? []), step]);
  }
  if (added.size === 0) return steps;
  return steps
    .filter((step) => state.playbook?.steps[step.id]?.addedBy === undefined)
    .flatMap((step) => [step, ...(added.get(step.id) ?? [])]);
}
