import type { CompiledStep, StepKind } from '../../spec/index.ts';
import { agentStep } from './agent-step.ts';
import type { StepKindHandler } from './step-kind.ts';

/** Every step kind by name; the scheduler never branches on kinds. */
export const stepKinds: { [K in StepKind]: StepKindHandler<Extract<CompiledStep, { kind: K }>> } = {
  agent: agentStep,
};

/** The handler for a step, typed for its kind. */
export function kindOf(step: CompiledStep): StepKindHandler {
  return stepKinds[step.kind] as StepKindHandler;
}
