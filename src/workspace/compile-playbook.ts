import type {
  AgentSpec,
  Budget,
  CompiledPlaybook,
  CompiledStep,
  FindingsSubscription,
  JsonSchema,
  OnError,
  RetryPolicy,
  StepBase,
  StepContext,
  StepId,
} from '../spec/index.ts';
import { parseDuration } from './duration.ts';
import type { InputFile, PlaybookFile, StepFile } from './playbook-file-schema.ts';
import { kindKeysOf } from './step-kind-fields.ts';

/** Plan step settings a file need not give. */
export const planDefaults = { maxTasks: 8, maxRounds: 2, maxRepairs: 2, approve: false };

/** Retry policy of a step that names none: one attempt. */
export const defaultRetry: RetryPolicy = {
  attempts: 1,
  backoffMs: 1000,
  factor: 2,
  maxBackoffMs: 30_000,
  jitter: true,
};

/**
 * A checked playbook file in the form the engine runs: camelCase, durations in ms, defaults
 * applied and every agent resolved to a snapshot. Call only after `checkPlaybook` found nothing.
 */
export function compilePlaybook(
  file: PlaybookFile,
  name: string,
  agents: Readonly<Record<string, AgentSpec>>,
): CompiledPlaybook {
  const inputs: Record<string, JsonSchema> = {};
  for (const [id, input] of Object.entries(file.inputs ?? {})) inputs[id] = compileInput(input);
  const steps: Record<string, CompiledStep> = {};
  for (const [id, step] of Object.entries(file.steps)) steps[id] = compileStep(id, step, agents);
  // A branch's steps run only when their route chose it, so they need the route; merged steps are needs.
  for (const step of Object.values(steps)) {
    if (step.kind === 'synthesize') addNeeds(step, step.from);
    if (step.kind !== 'route') continue;
    for (const [name, branch] of Object.entries(step.branches)) {
      for (const member of branch.steps) {
        steps[member]!.branch = { route: step.id, name };
        addNeeds(steps[member]!, [step.id]);
      }
    }
  }
  const playbook: CompiledPlaybook = { name, inputs, steps };
  if (file.description !== undefined) playbook.description = file.description;
  if (file.output !== undefined) playbook.output = file.output;
  if (file.concurrency !== undefined) playbook.concurrency = file.concurrency;
  if (file.budget !== undefined) playbook.budget = compileBudget(file.budget);
  return playbook;
}

function compileInput(input: InputFile): JsonSchema {
  const schema: JsonSchema = { type: input.type };
  if (input.description !== undefined) schema.description = input.description;
  if (input.items !== undefined) {
    const items: JsonSchema = { type: input.items.type };
    if (input.items.description !== undefined) items.description = input.items.description;
    if (input.items.enum !== undefined) items.enum = input.items.enum;
    schema.items = items;
  }
  if (input.enum !== undefined) schema.enum = input.enum;
  if (input.default !== undefined) schema.default = input.default;
  return schema;
}

function compileStep(id: string, step: StepFile, agents: Readonly<Record<string, AgentSpec>>): CompiledStep {
  const base = compileBase(id, step, agents);
  const [kind] = kindKeysOf(Object.keys(step));
  const findings = compileFindings(step.context?.findings);
  const context = compileContext(step.context);
  const extras = { ...(findings ? { findings } : {}), ...(context ? { context } : {}) };
  switch (kind) {
    case 'agent': {
      const compiled: CompiledStep = {
        ...base,
        kind,
        agent: agentOf(step.agent!, agents),
        task: step.task!,
        ...extras,
      };
      if (step.output_schema !== undefined) compiled.outputSchema = step.output_schema;
      return compiled;
    }
    case 'route': {
      const branches: Record<string, { description?: string; steps: StepId[] }> = {};
      for (const [name, branch] of Object.entries(step.branches!)) {
        branches[name] = {
          ...(branch.description === undefined ? {} : { description: branch.description }),
          steps: branch.steps as StepId[],
        };
      }
      return { ...base, kind, agent: agentOf(step.route!, agents), task: step.task!, branches, ...extras };
    }
    case 'synthesize':
      return {
        ...base,
        kind,
        agent: agentOf(step.synthesize!, agents),
        task: step.task!,
        from: step.from as StepId[],
        ...extras,
      };
    case 'plan':
      return {
        ...base,
        kind,
        agent: agentOf(step.plan!, agents),
        goal: step.goal!,
        team: step.team!.map((name) => agentOf(name, agents)),
        maxTasks: step.max_tasks ?? planDefaults.maxTasks,
        maxRounds: step.max_rounds ?? planDefaults.maxRounds,
        maxRepairs: step.max_repairs ?? planDefaults.maxRepairs,
        approve: step.approve ?? planDefaults.approve,
        ...(findings ? { findings } : {}),
      };
    case 'approval':
      return {
        ...base,
        kind,
        message: step.approval!,
        ...(step.content === undefined ? {} : { content: step.content }),
      };
    default:
      throw new RangeError(`step "${id}" has no kind; it was not checked before compiling`);
  }
}

/** The fields every kind shares. */
function compileBase(id: string, step: StepFile, agents: Readonly<Record<string, AgentSpec>>): StepBase {
  const base: StepBase = {
    id: id as StepId,
    needs: [...new Set(step.needs ?? [])] as StepId[],
    retry: compileRetry(step.retry),
    onError: compileOnError(step.on_error, agents),
  };
  if (step.when !== undefined) base.when = step.when;
  if (step.for_each !== undefined) {
    // The engine renders `items` as a template; a bare expression becomes `{{ expr }}`.
    const items = step.for_each.includes('{{') ? step.for_each.trim() : `{{ ${step.for_each.trim()} }}`;
    base.forEach = step.concurrency === undefined ? { items } : { items, concurrency: step.concurrency };
  }
  if (step.timeout !== undefined) base.timeoutMs = parseDuration(step.timeout)!;
  if (step.budget !== undefined) base.budget = compileBudget(step.budget);
  return base;
}

function addNeeds(step: StepBase, needs: readonly StepId[]): void {
  for (const need of needs) if (!step.needs.includes(need)) step.needs.push(need);
}

function compileFindings(findings: NonNullable<StepFile['context']>['findings']): FindingsSubscription | undefined {
  if (findings === undefined) return undefined;
  if (findings === false) return 'none';
  if (Array.isArray(findings)) return { from: findings as StepId[] };
  return {
    ...(findings.from ? { from: findings.from as StepId[] } : {}),
    ...(findings.topics ? { topics: findings.topics } : {}),
    ...(findings.tags ? { tags: findings.tags } : {}),
  };
}

function compileContext(context: StepFile['context']): StepContext | undefined {
  if (context?.steps === undefined && context?.max_tokens === undefined) return undefined;
  return {
    ...(context.steps === undefined ? {} : { steps: context.steps as StepId[] }),
    ...(context.max_tokens === undefined ? {} : { maxTokens: context.max_tokens }),
  };
}

/** A `budget:` as written, in the engine's units (durations in ms). */
export function compileBudget(budget: NonNullable<StepFile['budget']>): Budget {
  return {
    ...(budget.tokens === undefined ? {} : { tokens: budget.tokens }),
    ...(budget.cost_usd === undefined ? {} : { costUsd: budget.cost_usd }),
    ...(budget.model_calls === undefined ? {} : { modelCalls: budget.model_calls }),
    ...(budget.time === undefined ? {} : { timeMs: parseDuration(budget.time)! }),
  };
}

function compileRetry(retry: StepFile['retry']): RetryPolicy {
  if (retry === undefined) return { ...defaultRetry };
  if (typeof retry === 'number') return { ...defaultRetry, attempts: retry + 1 };
  return {
    attempts: retry.attempts,
    backoffMs: retry.backoff === undefined ? defaultRetry.backoffMs : parseDuration(retry.backoff)!,
    factor: retry.factor ?? defaultRetry.factor,
    maxBackoffMs: retry.max_backoff === undefined ? defaultRetry.maxBackoffMs : parseDuration(retry.max_backoff)!,
    jitter: retry.jitter ?? defaultRetry.jitter,
  };
}

function compileOnError(onError: StepFile['on_error'], agents: Readonly<Record<string, AgentSpec>>): OnError {
  if (onError === undefined || onError === 'fail') return { action: 'fail' };
  if (onError === 'continue') return { action: 'continue' };
  if (onError === 'escalate') return { action: 'escalate' };
  const fallback: OnError = { action: 'fallback' };
  if (onError.fallback.agent !== undefined) fallback.agent = agentOf(onError.fallback.agent, agents);
  if (onError.fallback.model !== undefined) fallback.model = onError.fallback.model;
  return fallback;
}

function agentOf(name: string, agents: Readonly<Record<string, AgentSpec>>): AgentSpec {
  const agent = Object.hasOwn(agents, name) ? agents[name] : undefined;
  if (!agent) throw new RangeError(`agent "${name}" was not checked before compiling`);
  return structuredClone(agent);
}
