import type { AgentSpec, CompiledStep, StepKind } from '../../spec/index.ts';
import { agentStep } from './agent-step.ts';
import { approvalStep } from './approval-step.ts';
import { planStep } from './plan-step.ts';
import { routeStep } from './route-step.ts';
import type { Performer, StepKindHandler } from './step-kind.ts';
import { synthesizeStep } from './synthesize-step.ts';

/** Every step kind by name; the scheduler never branches on kinds. */
export const stepKinds: { [K in StepKind]: StepKindHandler<Extract<CompiledStep, { kind: K }>> } = {
  agent: agentStep,
  route: routeStep,
  synthesize: synthesizeStep,
  approval: approvalStep,
  plan: planStep,
};

/** Who performs a step's first attempt (for views of a run). */
export function performerOf(step: CompiledStep): Performer {
  return kindOf(step).performer(step, false);
}

/** Every agent a step may run. */
export function agentsOf(step: CompiledStep): AgentSpec[] {
  return kindOf(step).agents(step);
}

/** The handler for a step, typed for its kind. */
export function kindOf(step: CompiledStep): StepKindHandler {
  return stepKinds[step.kind] as StepKindHandler;
}
