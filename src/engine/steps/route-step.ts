import type { Json, JsonSchema, RouteStep } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import { asObject, renderTask, runStepAgent } from './run-step-agent.ts';
import { agentFor, agentsWithFallback, type StepKindHandler } from './step-kind.ts';

/** What a route step's agent answers, and the step's output: the chosen branch and why. */
export function routeOutputSchema(branches: readonly string[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      branch: { type: 'string', enum: [...branches], description: 'The name of the chosen branch.' },
      reason: { type: 'string', description: 'Why this branch, in a sentence or two.' },
    },
    required: ['branch', 'reason'],
    additionalProperties: false,
  };
}

/** The part of a route's task that lists its branches. */
export function describeBranches(branches: RouteStep['branches']): string {
  const lines = Object.entries(branches).map(([name, branch]) =>
    branch.description ? `- ${name}: ${branch.description}` : `- ${name}`,
  );
  return [
    'Choose exactly one of these branches:',
    ...lines,
    'Answer with the name of the branch in "branch" and why you chose it in "reason".',
  ].join('\n');
}

/** `route:` steps: the agent chooses one branch; the scheduler skips the steps of the others. */
export const routeStep: StepKindHandler<RouteStep> = {
  performer(step, fallback) {
    const agent = agentFor(step, fallback);
    return { agent: agent.name, model: agent.model };
  },
  agents: agentsWithFallback,
  async execute(step, context) {
    const names = Object.keys(step.branches);
    const task = `${renderTask(step.task, context.scope)}\n\n${describeBranches(step.branches)}`;
    const answer = await runStepAgent(step, context, task, routeOutputSchema(names));
    return readChoice(step, answer);
  },
};

function readChoice(step: RouteStep, answer: Json): Json {
  const object = asObject(answer);
  const branch = object?.branch;
  if (typeof branch === 'string' && Object.hasOwn(step.branches, branch)) {
    return { branch, reason: typeof object?.reason === 'string' ? object.reason : '' };
  }
  const got = !object
    ? 'answered without choosing a branch'
    : typeof branch === 'string'
      ? `chose "${branch}", which is not one of its branches`
      : 'gave no branch';
  throw new StepFailedError({
    code: 'route-invalid',
    message: `the agent of route ${step.id} ${got} (branches: ${Object.keys(step.branches).join(', ')})`,
    // Another attempt may well choose a real branch.
    retryable: true,
  });
}
