import type {
  AgentSpec,
  ApprovalState,
  Clock,
  CompiledStep,
  Json,
  ModelGateway,
  RunId,
  ToolSource,
  UnitState,
} from '../../spec/index.ts';
import type { AskRequest } from '../people/create-decisions.ts';
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
  /** Asks a person and waits (holding no slot) for the decision; asked once even across resumes. */
  ask(request: AskRequest): Promise<ApprovalState>;
  /** Throws BudgetExceededError when a limit of the run or this step would be passed by another model call. */
  checkBudget(): void;
  /** Adds steps to the run (a plan's tasks): recorded as `graph-extend`, then scheduled like the playbook's own. */
  extendGraph(steps: CompiledStep[]): void;
  /** Gives the unit's concurrency slots back while it waits (for steps it added), and takes them again before going on. */
  idle<T>(wait: Promise<T>): Promise<T>;
}

/** Who runs an attempt: shown in `step-start` and used for per-model limits. */
export interface Performer {
  /** An agent's name, or `person` for a step a person does. */
  agent: string;
  /** The model string; empty for a step a person does (it takes no concurrency slot). */
  model: string;
}

/** A step kind answers for itself: who performs it, which agents it may use, how an attempt executes. */
export interface StepKindHandler<S extends CompiledStep = CompiledStep> {
  performer(step: S, fallback: boolean): Performer;
  /** Every agent the step may run (fallbacks and teams included), e.g. to list the models a run uses. */
  agents(step: S): AgentSpec[];
  execute(step: S, context: UnitContext): Promise<Json>;
}

/** The agent of a step and its fallback, for `StepKindHandler.agents`. */
export function agentsWithFallback(step: { agent: AgentSpec; onError: CompiledStep['onError'] }): AgentSpec[] {
  return step.onError.action === 'fallback' ? [step.agent, agentFor(step, true)] : [step.agent];
}

/** The agent an agent step runs with, after a fallback if one applies. */
export function agentFor(step: { agent: AgentSpec; onError: CompiledStep['onError'] }, fallback: boolean): AgentSpec {
  if (!fallback || step.onError.action !== 'fallback') return step.agent;
  const base = step.onError.agent ?? step.agent;
  return step.onError.model ? { ...base, model: step.onError.model } : base;
}
