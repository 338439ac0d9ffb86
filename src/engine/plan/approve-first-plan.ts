import type { Json, PlanState, PlanStep } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import { approvalId } from '../people/create-decisions.ts';
import type { UnitContext } from '../steps/step-kind.ts';
import { checkPlanAnswer, type PlanProposal } from './check-plan-answer.ts';

/**
 * The one place a valid first plan goes to a person before anything runs (`approve: true`). They
 * approve it as it is, edit it (add, drop or reassign tasks: the edited plan is checked like a
 * planner's answer, and an invalid edit is put to them again with its problems), or reject it,
 * which fails the step (code `rejected`). Every question and answer is in the log, so a resumed
 * plan step finds the decision instead of asking again.
 */
export async function approveFirstPlan(
  step: PlanStep,
  plan: PlanState,
  proposal: PlanProposal,
  context: UnitContext,
): Promise<PlanProposal> {
  if (!step.approve) return proposal;
  let problems: string[] = [];
  for (let asked = 1; ; asked++) {
    const content = { tasks: proposal.tasks as unknown as Json, done: proposal.done };
    const approval = await context.ask({
      id: approvalId(context.unit.key, context.attempt, asked === 1 ? 'plan' : `plan-${asked}`),
      kind: 'plan',
      message:
        problems.length === 0
          ? `Approve the plan of ${context.unit.key} before it runs (edit it to add, drop or reassign tasks)`
          : `The edited plan of ${context.unit.key} is not valid: ${problems.join('; ')}. Approve the plan below or edit it again`,
      content,
      options: ['approve', 'reject', 'edit'],
    });
    const response = approval.response!;
    if (response.decision !== 'approve') {
      throw new StepFailedError({
        code: 'rejected',
        message: `${response.by} rejected the plan${response.comment ? `: ${response.comment}` : ''}`,
        retryable: false,
      });
    }
    if (response.content === undefined) return proposal;
    const edited = response.content as { tasks?: Json; done?: Json } | null;
    const checked = checkPlanAnswer(
      plan,
      { maxTasks: step.maxTasks },
      { tasks: edited?.tasks ?? null, cancel: [], done: edited?.done ?? proposal.done },
      1,
    );
    if (checked.proposal) return checked.proposal;
    problems = checked.problems.map((problem) => problem.message);
  }
}
