import type { ContextTrim, Json, RunState, StepId, UnitState } from '../../spec/index.ts';
import { cutOutputs } from './cut-outputs.ts';
import { estimateTokens } from './estimate-tokens.ts';

/** One labelled block of the text: a heading, and an output (which may be cut) or none. */
interface Block {
  heading: string;
  /** The unit whose output this is, for the trim record. */
  unit?: string;
  body?: string;
}

/** The text `context.steps` puts in front of an agent, and how it was cut. */
export interface UpstreamContext {
  text: string;
  trim?: ContextTrim;
}

/**
 * The outputs of upstream steps as an agent is shown them: each labelled with the step and the agent
 * that produced it, a `for_each` step item by item, a skipped or failed step saying so. Cut by the
 * `cut-outputs` rule when it does not fit `budgetTokens`.
 */
export function describeUpstream(state: RunState, steps: readonly StepId[], budgetTokens?: number): UpstreamContext {
  const blocks = steps.flatMap((id) => blocksOf(state, id));
  const withBody = blocks.filter((block) => block.body !== undefined);
  const render = (bodies: string[]) => {
    let next = 0;
    const parts = blocks.map((block) =>
      block.body === undefined ? block.heading : `${block.heading}\n${bodies[next++]}`,
    );
    return `Outputs of earlier steps of this run, for you to use:\n\n${parts.join('\n\n')}`;
  };
  const bodies = withBody.map((block) => block.body!);
  if (budgetTokens === undefined) return { text: render(bodies) };
  const { text, cut } = cutOutputs(bodies, render, budgetTokens);
  if (cut.every((chars) => chars === 0)) return { text };
  const cutChars: Record<string, number> = {};
  withBody.forEach((block, index) => {
    if (cut[index]! > 0) cutChars[block.unit!] = cut[index]!;
  });
  return {
    text,
    trim: {
      rule: 'cut-outputs',
      budgetTokens,
      beforeTokens: estimateTokens(render(bodies)),
      afterTokens: estimateTokens(text),
      cutChars,
    },
  };
}

function blocksOf(state: RunState, id: StepId): Block[] {
  const step = state.steps[id];
  if (!step) return [{ heading: `## Step "${id}": not in this playbook; no output` }];
  const units = step.units.map((key) => state.units.get(key)!);
  const agent = units.find((unit) => unit.agent)?.agent;
  const by = agent ? ` (agent ${agent})` : '';
  switch (step.status) {
    case 'skipped':
      return [{ heading: `## Step "${id}": skipped (${step.skipReason ?? 'its condition was false'}); no output` }];
    case 'pending':
    case 'running':
      return [{ heading: `## Step "${id}"${by}: not finished; no output yet` }];
    case 'failed':
      if (!step.items) {
        return [
          {
            heading: `## Step "${id}"${by}: failed (${step.error?.message ?? 'no answer'}); the run went on without its output`,
          },
        ];
      }
  }
  if (!step.items) return [{ heading: `## Step "${id}"${by}`, unit: id, body: describeOutput(step.output ?? null) }];
  const heading: Block = {
    heading: `## Step "${id}"${by}: one output per item (${step.items.length})${step.status === 'failed' ? ', every item failed' : ''}`,
  };
  return [heading, ...units.map((unit) => itemBlock(unit, step.items![unit.item!] ?? null, agent))];
}

function itemBlock(unit: UnitState, item: Json, stepAgent: string | undefined): Block {
  const by = unit.agent && unit.agent !== stepAgent ? ` (agent ${unit.agent})` : '';
  const heading = `### ${unit.key}${by}, item ${preview(item)}`;
  if (unit.status === 'succeeded') return { heading, unit: unit.key, body: describeOutput(unit.output ?? null) };
  if (unit.status === 'failed')
    return { heading: `${heading}: failed (${unit.error?.message ?? 'no answer'}); no output` };
  return { heading: `${heading}: ${unit.status}; no output` };
}

/** An output as text: strings as they are, anything else as indented JSON. */
function describeOutput(output: Json): string {
  return typeof output === 'string' ? output : JSON.stringify(output, null, 2);
}

function preview(value: Json): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
