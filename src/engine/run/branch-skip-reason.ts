import type { RunState, StepBase } from '../../spec/index.ts';

/**
 * Why a step of a route's branch is skipped (its route chose another branch, was skipped, or
 * failed and the run went on), or undefined when its route chose its branch.
 */
export function branchSkipReason(branch: NonNullable<StepBase['branch']>, state: RunState): string | undefined {
  const route = state.steps[branch.route];
  const output = route?.output;
  const chosen = typeof output === 'object' && output !== null && !Array.isArray(output) ? output.branch : undefined;
  if (route?.status === 'succeeded' && chosen === branch.name) return undefined;
  if (route?.status === 'skipped') return `route ${branch.route} was skipped`;
  if (route?.status !== 'succeeded') return `route ${branch.route} failed`;
  return `route ${branch.route} chose ${typeof chosen === 'string' ? chosen : 'no branch'}`;
}
