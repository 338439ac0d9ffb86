import type { PlanStep } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import type { UnitContext } from '../steps/step-kind.ts';
import type { PlanProposal } from './check-plan-answer.ts';

/**
 * The one place a valid first plan goes to a person before anything runs (`approve: true`), who
 * may approve it as it is or edit it; the result is what the plan step accepts. Brigade has no
 * approvals yet, so a plan step that asks for one fails here with `plan-approval-unavailable`.
 */
export async function approveFirstPlan(
  step: PlanStep,
  proposal: PlanProposal,
  _context: UnitContext,
): Promise<PlanProposal> {
  if (!step.approve) return proposal;
  throw new StepFailedError({
    code: 'plan-approval-unavailable',
    message: `plan step ${step.id} asks a person to approve its plan (approve: true), which this version of Brigade cannot do yet`,
    retryable: false,
  });
}
