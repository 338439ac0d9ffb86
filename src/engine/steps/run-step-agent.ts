import type { AgentSpec, FindingsSubscription, Json, JsonSchema, OnError, StepContext } from '../../spec/index.ts';
import { type AgentLoopInput, runAgentLoop } from '../agent/run-agent-loop.ts';
import { renderTemplate, type TemplateScope } from '../template/index.ts';
import { agentFor, type UnitContext } from './step-kind.ts';

/** A step run by an agent, as far as running it goes. */
interface AgentRunStep {
  agent: AgentSpec;
  onError: OnError;
  findings?: FindingsSubscription;
  context?: StepContext;
}

/** A task template rendered to the text an agent is given (JSON, indented, when it gives a value). */
export function renderTask(template: string, scope: TemplateScope): string {
  const rendered = renderTemplate(template, scope);
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered, null, 2);
}

/**
 * What every agent loop of a unit's attempt is wired to: the run, the unit, its journal and ports,
 * and the people and budget hooks. Each kind adds its agent, task and schema.
 */
export function attemptWiring(context: UnitContext) {
  return {
    runId: context.runId,
    unit: context.unit,
    attempt: context.attempt,
    journal: context.journal,
    inputsSeq: context.inputsSeq,
    clock: context.clock,
    models: context.models,
    tools: context.tools,
    signal: context.signal,
    ask: context.ask,
    checkBudget: context.checkBudget,
    ...(context.onDelta ? { onDelta: context.onDelta } : {}),
  } satisfies Partial<AgentLoopInput>;
}

/** Runs a step's agent (or its fallback) on a task, with a structured answer when a schema is given. */
export function runStepAgent(
  step: AgentRunStep,
  context: UnitContext,
  task: string,
  outputSchema: JsonSchema | undefined,
): Promise<Json> {
  const agent = agentFor(step, context.fallback);
  return runAgentLoop({
    ...attemptWiring(context),
    agent,
    model: agent.model,
    task,
    ...(outputSchema ? { outputSchema } : {}),
    ...(step.findings ? { findings: step.findings } : {}),
    ...(step.context ? { context: step.context } : {}),
  });
}

/** The answer as a JSON object, or undefined (text, a list, null). */
export function asObject(value: Json): { [key: string]: Json } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
