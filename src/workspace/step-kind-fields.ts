import type { StepKind } from '../spec/index.ts';

/** The keys that give a step its kind, in the order messages list them. */
export const stepKindKeys: readonly StepKind[] = ['agent', 'route', 'synthesize', 'plan', 'approval'];

/** Fields every kind of step takes. */
export const sharedStepFields = [
  'needs',
  'when',
  'for_each',
  'concurrency',
  'retry',
  'timeout',
  'on_error',
  'budget',
] as const;

/** What a kind of step takes besides the shared fields: its own fields, and which of them it needs. */
export interface StepKindFields {
  fields: readonly string[];
  required: readonly string[];
  /** The fields of `context:` it takes. */
  context: readonly string[];
}

const agentContext = ['steps', 'findings', 'max_tokens'];

/** The fields of each kind of step (the kind key included). */
export const stepKindFields: Record<StepKind, StepKindFields> = {
  agent: { fields: ['agent', 'task', 'output_schema', 'context'], required: ['agent', 'task'], context: agentContext },
  route: {
    fields: ['route', 'task', 'branches', 'context'],
    required: ['route', 'task', 'branches'],
    context: agentContext,
  },
  synthesize: {
    fields: ['synthesize', 'from', 'task', 'context'],
    required: ['synthesize', 'from', 'task'],
    context: agentContext,
  },
  plan: {
    fields: ['plan', 'goal', 'team', 'max_tasks', 'max_rounds', 'max_repairs', 'approve', 'context'],
    required: ['plan', 'goal', 'team'],
    context: ['findings'],
  },
  approval: { fields: ['approval', 'content'], required: ['approval'], context: [] },
};

/** The kinds of step that take `field` (a dotted path for fields of `context`), e.g. `route` for `branches`. */
export function kindsTaking(field: string): StepKind[] {
  const [head, sub] = field.split('.');
  return stepKindKeys.filter((kind) => {
    const { fields, context } = stepKindFields[kind];
    return sub === undefined ? fields.includes(head!) : context.includes(sub);
  });
}

/** The kind keys a step has, in `stepKindKeys` order. */
export function kindKeysOf(present: Iterable<string>): StepKind[] {
  const keys = new Set(present);
  return stepKindKeys.filter((kind) => keys.has(kind));
}

/** "agent, route and synthesize": a list of words for messages. */
export function listWords(words: readonly string[], last = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`;
}
