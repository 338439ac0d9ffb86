import type {
  AgentSpec,
  Clock,
  CompiledStep,
  Json,
  ModelGateway,
  RunId,
  ToolSource,
  UnitState,
} from '../../spec/index.ts';
import type { Journal } from '../run/create-journal.ts';
import type { TemplateScope } from '../template/index.ts';

/** What a step kind gets to execute one attempt of one unit. */
export interface UnitContext {
  runId: RunId;
  unit: UnitState;
  attempt: number;
  /** True once the error policy switched to the step's fallback. */
  fallback: boolean;
  scope: TemplateScope;
  journal: Journal;
  /** The log position up to which the unit's inputs were written (see Journal.durable). */
  inputsSeq: number;
  clock: Clock;
  models: ModelGateway;
  tools: ToolSource;
  signal: AbortSignal;
  onDelta?: (unit: string, text: string) => void;
}

/** Who runs an attempt: shown in `step-start` and used for per-model limits. */
export interface Performer {
  agent: string;
  model: string;
}

/** A step kind answers for itself: who performs it and how an attempt executes. */
export interface StepKindHandler<S extends CompiledStep = CompiledStep> {
  performer(step: S, fallback: boolean): Performer;
  execute(step: S, context: UnitContext): Promise<Json>;
}

/** The agent an agent step runs with, after a fallback if one applies. */
export function agentFor(step: { agent: AgentSpec; onError: CompiledStep['onError'] }, fallback: boolean): AgentSpec {
  if (!fallback || step.onError.action !== 'fallback') return step.agent;
  const base = step.onError.agent ?? step.agent;
  return step.onError.model ? { ...base, model: step.onError.model } : base;
}
