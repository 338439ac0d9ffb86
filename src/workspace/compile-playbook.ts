import type {
  AgentSpec,
  AgentStep,
  CompiledPlaybook,
  JsonSchema,
  OnError,
  RetryPolicy,
  StepId,
} from '../spec/index.ts';
import { parseDuration } from './duration.ts';
import type { InputFile, PlaybookFile, StepFile } from './playbook-file-schema.ts';

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
  const steps: Record<string, AgentStep> = {};
  for (const [id, step] of Object.entries(file.steps)) steps[id] = compileStep(id, step, agents);
  const playbook: CompiledPlaybook = { name, inputs, steps };
  if (file.description !== undefined) playbook.description = file.description;
  if (file.output !== undefined) playbook.output = file.output;
  if (file.concurrency !== undefined) playbook.concurrency = file.concurrency;
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

function compileStep(id: string, step: StepFile, agents: Readonly<Record<string, AgentSpec>>): AgentStep {
  const compiled: AgentStep = {
    kind: 'agent',
    id: id as StepId,
    needs: [...new Set(step.needs ?? [])] as StepId[],
    agent: agentOf(step.agent, agents),
    task: step.task,
    retry: compileRetry(step.retry),
    onError: compileOnError(step.on_error, agents),
  };
  if (step.when !== undefined) compiled.when = step.when;
  if (step.for_each !== undefined) {
    // The engine renders `items` as a template; a bare expression becomes `{{ expr }}`.
    const items = step.for_each.includes('{{') ? step.for_each.trim() : `{{ ${step.for_each.trim()} }}`;
    compiled.forEach = step.concurrency === undefined ? { items } : { items, concurrency: step.concurrency };
  }
  if (step.timeout !== undefined) compiled.timeoutMs = parseDuration(step.timeout)!;
  if (step.output_schema !== undefined) compiled.outputSchema = step.output_schema;
  const findings = step.context?.findings;
  if (findings === false) compiled.findings = 'none';
  else if (Array.isArray(findings)) compiled.findings = { from: findings as StepId[] };
  else if (findings) {
    compiled.findings = {
      ...(findings.from ? { from: findings.from as StepId[] } : {}),
      ...(findings.topics ? { topics: findings.topics } : {}),
      ...(findings.tags ? { tags: findings.tags } : {}),
    };
  }
  return compiled;
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
