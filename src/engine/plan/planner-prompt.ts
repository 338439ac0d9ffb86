import type { PlanAnswer, PlanState, RunState } from '../../spec/index.ts';
import { viewPlanTask } from './describe-plan.ts';

// A result longer than this is cut in the planner's prompt (the task's step keeps all of it).
const maxResultChars = 2_000;

/**
 * What the planner is asked: the goal and the team; for a revision, the plan so far with each
 * task's status and result; for a repair, its previous answer and exactly what was wrong with it.
 */
export function plannerPrompt(state: RunState, plan: PlanState, round: number, rejected?: PlanAnswer): string {
  const { maxTasks, maxRounds } = plan.limits;
  const parts = [
    `Goal: ${plan.goal}`,
    ['Your team (give every task to one of them, by name):', ...plan.team.map((m) => `- ${m.name}: ${m.role}`)].join(
      '\n',
    ),
  ];
  if (round === 1) {
    parts.push(
      [
        'Plan the work as tasks. Each task has an id (short and unique: letters, digits, - and _, e.g. t1), the agent',
        'who does it, instructions that stand on their own (the agent sees them, the goal and the results of the tasks',
        'it depends on, nothing else), and dependsOn: the ids of the tasks whose results it needs. Tasks that do not',
        `depend on each other run at the same time. Use at most ${maxTasks} tasks in all.`,
        maxRounds > 1
          ? `Once the tasks that can start have run, you see their results and may revise the plan (${maxRounds} rounds in all, this one included). Set done to true if the plan will need no revision.`
          : 'The plan runs as it is, without revision: set done to true.',
        'Leave cancel empty.',
      ].join(' '),
    );
  } else {
    const active = plan.tasks.filter((task) => task.status !== 'cancelled').length;
    parts.push(
      [
        `The plan so far (this is round ${round} of at most ${maxRounds}; ${active} of at most ${maxTasks} tasks):`,
        ...plan.tasks.map((task) => describeTask(state, plan, task.id)),
      ].join('\n'),
    );
    parts.push(
      [
        'Revise the plan. In tasks, give only new tasks (new ids; they may depend on any task that is not cancelled).',
        'In cancel, name the tasks not started yet that are no longer needed, each with a reason.',
        'Set done to true when the goal is met or the plan needs no further revision (tasks not cancelled still run).',
      ].join(' '),
    );
  }
  if (rejected) {
    parts.push(
      [
        'Your previous answer was not accepted:',
        rejected.answer === null ? '(it did not fit the answer schema)' : JSON.stringify(rejected.answer),
        'Problems:',
        ...rejected.problems.map((problem) => `- ${problem.message}`),
        'Give the whole answer again, corrected.',
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

function describeTask(state: RunState, plan: PlanState, id: string): string {
  const view = viewPlanTask(state, plan.tasks.find((task) => task.id === id)!);
  const after = view.dependsOn.length > 0 ? `, after ${view.dependsOn.join(', ')}` : '';
  const head = `- ${view.id} (${view.agent}${after}, round ${view.round}): ${statusWords(view.status)}`;
  const lines = [head, `  Instructions: ${view.instructions}`];
  if (view.reason) lines.push(`  Reason: ${view.reason}`);
  if (view.error) lines.push(`  Error: ${view.error.message}`);
  if (view.status === 'succeeded' && view.output !== undefined) {
    const text = typeof view.output === 'string' ? view.output : JSON.stringify(view.output);
    const cut = text.length > maxResultChars ? `${text.slice(0, maxResultChars)}… (cut)` : text;
    lines.push(`  Result: ${cut}`);
  }
  return lines.join('\n');
}

function statusWords(status: string): string {
  switch (status) {
    case 'planned':
    case 'pending':
      return 'not started yet';
    default:
      return status;
  }
}
