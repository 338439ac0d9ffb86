import type { Json, JsonSchema, RunState, StepId, SynthesizeStep } from '../../spec/index.ts';
import { unitKey } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import { asObject, renderTask, runStepAgent } from './run-step-agent.ts';
import { agentFor, agentsWithFallback, type StepKindHandler } from './step-kind.ts';

/** One output a synthesize step merges: a step's, or one item's of a `for_each` step. */
export interface SynthesisSource {
  /** How the agent cites it: the unit key, `trends` or `versions[0]`. */
  label: string;
  step: StepId;
  item?: number;
  /** The agent that produced it, as recorded when its unit started. */
  agent?: string;
  /** Undefined when there is nothing to merge (skipped, failed, or `null`). */
  output?: Json;
  /** Why there is no output, for the agent to know. */
  missing?: string;
}

const partSchema = (labels: readonly string[]): JsonSchema => ({
  type: 'object',
  properties: {
    text: { type: 'string', description: 'One part of the merged result.' },
    sources: {
      type: 'array',
      items: { type: 'string', enum: [...labels] },
      description: 'The labels of the sources this part draws on.',
    },
  },
  required: ['text', 'sources'],
  additionalProperties: false,
});

/** What a synthesize step's agent answers: a summary and parts, each citing its sources by label. */
export function synthesizeAnswerSchema(labels: readonly string[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'The merged result in a few sentences.' },
      parts: { type: 'array', items: partSchema(labels) },
    },
    required: ['summary', 'parts'],
    additionalProperties: false,
  };
}

/** The output of a synthesize step: each part with the steps and agents it came from, and every source's origin. */
export const synthesizeOutputSchema: JsonSchema = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          text: { type: 'string' },
          sources: { type: 'array', items: { type: 'string' } },
          steps: { type: 'array', items: { type: 'string' } },
          agents: { type: 'array', items: { type: 'string' } },
        },
        required: ['text', 'sources', 'steps', 'agents'],
        additionalProperties: false,
      },
    },
    attribution: {
      type: 'object',
      description: 'Source label → { step, item?, agent }.',
      additionalProperties: {
        type: 'object',
        properties: { step: { type: 'string' }, item: { type: 'integer' }, agent: { type: 'string' } },
      },
    },
  },
  required: ['summary', 'parts', 'attribution'],
  additionalProperties: false,
};

/**
 * The outputs a synthesize step merges, labelled, and the text that shows them to its agent: per
 * source its label, step, item and agent, then the output (a `for_each` step item by item).
 */
export function labelSources(from: readonly StepId[], state: RunState): { sources: SynthesisSource[]; text: string } {
  const sources: SynthesisSource[] = [];
  for (const id of from) {
    const step = state.steps[id];
    if (!step) continue;
    if (step.status === 'skipped') {
      sources.push({ label: id, step: id, missing: `skipped: ${step.skipReason ?? 'no reason given'}` });
      continue;
    }
    const items = step.items === undefined ? [undefined] : step.items.map((_, item) => item);
    for (const item of items) {
      const unit = state.units.get(unitKey({ step: id, item }));
      const source: SynthesisSource = { label: unitKey({ step: id, item }), step: id };
      if (item !== undefined) source.item = item;
      if (unit?.agent !== undefined) source.agent = unit.agent;
      if (unit?.status === 'succeeded' && unit.output !== null && unit.output !== undefined) {
        source.output = unit.output;
      } else {
        source.missing = unit?.status === 'failed' ? `failed: ${unit.error?.message ?? 'no output'}` : 'no output';
      }
      sources.push(source);
    }
  }
  const sections = sources.map((source) => {
    const item =
      source.item === undefined
        ? ''
        : `, item ${source.item} (${JSON.stringify(state.steps[source.step]!.items![source.item])?.slice(0, 60)})`;
    const by = source.agent ? `, by ${source.agent}` : '';
    const heading = `### Source "${source.label}": step ${source.step}${item}${by}`;
    if (source.output === undefined) return `${heading}\n(${source.missing}; do not cite it)`;
    const body = typeof source.output === 'string' ? source.output : JSON.stringify(source.output, null, 2);
    return `${heading}\n${body}`;
  });
  const text = [
    '## Sources',
    'Merge these outputs. In "parts", cite for each part the labels of the sources it draws on.',
    ...sections,
  ].join('\n\n');
  return { sources, text };
}

/** `synthesize:` steps: the agent merges the outputs of `from` into one result; every part keeps its sources. */
export const synthesizeStep: StepKindHandler<SynthesizeStep> = {
  performer(step, fallback) {
    const agent = agentFor(step, fallback);
    return { agent: agent.name, model: agent.model };
  },
  agents: agentsWithFallback,
  async execute(step, context) {
    const { sources, text } = labelSources(step.from, context.journal.state);
    const citable = sources.filter((source) => source.output !== undefined);
    if (citable.length === 0) {
      throw new StepFailedError({
        code: 'synthesize-invalid',
        message: `none of the steps synthesize step ${step.id} merges (${step.from.join(', ')}) has an output`,
        retryable: false,
      });
    }
    const task = `${renderTask(step.task, context.scope)}\n\n${text}`;
    const labels = citable.map((source) => source.label);
    const answer = await runStepAgent(step, context, task, synthesizeAnswerSchema(labels));
    return attribute(step, answer, citable);
  },
};

/** The agent's answer with every part's steps and agents, and where each source came from. */
function attribute(step: SynthesizeStep, answer: Json, citable: readonly SynthesisSource[]): Json {
  const byLabel = new Map(citable.map((source) => [source.label, source]));
  const invalid = (problem: string) =>
    new StepFailedError({
      code: 'synthesize-invalid',
      message: `the agent of synthesize step ${step.id} ${problem} (sources: ${[...byLabel.keys()].join(', ')})`,
      retryable: true,
    });
  const object = asObject(answer);
  if (!object || typeof object.summary !== 'string' || !Array.isArray(object.parts)) {
    throw invalid('did not answer with { summary, parts }');
  }
  const parts = object.parts.map((raw, index) => {
    const part = asObject(raw);
    if (!part || typeof part.text !== 'string' || !Array.isArray(part.sources) || part.sources.length === 0) {
      throw invalid(`gave part ${index + 1} without text and sources`);
    }
    const labels = [...new Set(part.sources.map(String))];
    const unknown = labels.find((label) => !byLabel.has(label));
    if (unknown !== undefined) throw invalid(`cited "${unknown}" in part ${index + 1}, which is not a source`);
    const cited = labels.map((label) => byLabel.get(label)!);
    return {
      text: part.text,
      sources: labels,
      steps: [...new Set(cited.map((source) => source.step as string))],
      agents: [...new Set(cited.flatMap((source) => source.agent ?? []))],
    };
  });
  const attribution: { [label: string]: Json } = {};
  for (const source of citable) {
    attribution[source.label] = {
      step: source.step,
      ...(source.item === undefined ? {} : { item: source.item }),
      ...(source.agent === undefined ? {} : { agent: source.agent }),
    };
  }
  return { summary: object.summary, parts, attribution };
}
