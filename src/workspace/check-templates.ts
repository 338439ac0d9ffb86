import {
  parseExpression,
  parseTemplate,
  referencesOf,
  type TemplateIssue,
  type TemplateReference,
} from '../engine/template/index.ts';
import type { Issue, Json } from '../spec/index.ts';
import { didYouMean } from './did-you-mean.ts';
import { type FieldPath, formatPath, issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { PlaybookDraft } from './playbook-draft.ts';
import { isMapping } from './salvage.ts';

/** Which steps a step may read: its upstream, and whether that is all of it (false when some needs were unreadable). */
export interface Upstream {
  steps: ReadonlySet<string>;
  complete: boolean;
}

/**
 * What a step's output looks like at run time: text when neither the step nor its agent has an
 * output_schema, else JSON matching one of `schemas`; a list of those for a `for_each` step.
 * `unknown` when the files do not tell (an agent that could not be read, a broken field).
 */
export type StepOutput =
  | { kind: 'unknown' }
  | { kind: 'text'; list: boolean; agent: string }
  | { kind: 'structured'; list: boolean; schemas: ReadonlyArray<Record<string, Json>> };

/** What the template checks need to know about the playbook's graph and agents. */
export interface TemplateFacts {
  upstream: (step: string) => Upstream;
  outputOf: (step: string) => StepOutput;
}

/** Where a template sits, which decides what it may read. */
interface TemplateContext {
  /** The step using the template; undefined for the playbook's `output`. */
  step?: string;
  /** Steps it may read: the step's upstream, or every step for `output`; computed on first use. */
  readable: () => Upstream;
  /** True only in the task (goal, content) of a `for_each` step. */
  allowItem: boolean;
}

/** A path an expression reads, with its segments as written (`[0]` stays a number). */
type PathReference = Pick<TemplateReference, 'root' | 'segments' | 'offset'>;

/**
 * Checks every template of a playbook: syntax, and that each path names a declared input, a step
 * that runs before (transitively in `needs`), a field its output can have, and `item`/`index`
 * only inside a `for_each` task. Templates in fields that did not fit their schema are skipped.
 */
export function checkTemplates(source: YamlSource, playbook: PlaybookDraft, facts: TemplateFacts): Issue[] {
  const issues: Issue[] = [];
  const inputs = playbook.inputs;
  const inputNames = inputs === undefined ? undefined : Object.keys(inputs);
  const steps = playbook.steps ?? {};
  const stepIds = Object.keys(steps);
  const check = (path: FieldPath, text: string, kind: 'template' | 'expression', context: TemplateContext) => {
    const parsed = kind === 'template' ? parseTemplate(text) : parseExpression(text);
    if (!parsed.ok) {
      issues.push(...parsed.issues.map((problem) => syntaxIssue(source, path, problem)));
      return undefined;
    }
    const usage = path.at(-1) === 'when' ? 'compare' : 'use';
    for (const reference of referencesOf('template' in parsed ? parsed.template : parsed.expression)) {
      const problem =
        checkReference(reference, context, inputNames, stepIds) ?? checkOutputField(reference, facts, usage);
      if (problem) issues.push(issueAt(source, path, problem.message, problem.hint, { offset: reference.offset }));
    }
    return 'expression' in parsed ? parsed.expression : undefined;
  };

  for (const [id, { fields: step, broken }] of Object.entries(steps)) {
    let readable: Upstream | undefined;
    const stepContext = { step: id, readable: () => (readable ??= facts.upstream(id)), allowItem: false };
    // A for_each that is there but broken still means the step fans out: `item` is not the mistake.
    const fansOut = step.for_each !== undefined || broken.has('for_each');
    // The texts a step's kind renders per unit: an agent's task, a planner's goal, an approval's content.
    for (const field of ['task', 'goal', 'content'] as const) {
      const text = step[field];
      if (text !== undefined) check(['steps', id, field], text, 'template', { ...stepContext, allowItem: fansOut });
    }
    if (step.when !== undefined) check(['steps', id, 'when'], step.when, 'expression', stepContext);
    if (step.for_each === undefined) continue;
    const items = check(['steps', id, 'for_each'], step.for_each, 'expression', stepContext);
    if (items?.kind === 'literal') {
      issues.push(issueAt(source, ['steps', id, 'for_each'], 'for_each must give a list, not a fixed value'));
    }
    if (items?.kind === 'path' && items.root === 'inputs' && items.segments.length === 1) {
      const declared = inputs?.[String(items.segments[0])]?.fields.type;
      if (declared !== undefined && declared !== 'array') {
        issues.push(
          issueAt(
            source,
            ['steps', id, 'for_each'],
            `inputs.${items.segments[0]} is declared as ${declared}, not array`,
            'for_each needs a list; declare the input with type: array',
          ),
        );
      }
    }
  }
  if (playbook.fields.output !== undefined) {
    const all: Upstream = { steps: new Set(stepIds), complete: true };
    check(['output'], playbook.fields.output, 'template', { readable: () => all, allowItem: false });
  }
  return issues;
}

function syntaxIssue(source: YamlSource, path: FieldPath, problem: TemplateIssue): Issue {
  return issueAt(source, path, `invalid template: ${problem.message}`, undefined, { offset: problem.offset });
}

function checkReference(
  reference: PathReference,
  context: TemplateContext,
  inputs: readonly string[] | undefined,
  steps: readonly string[],
): { message: string; hint?: string } | undefined {
  const [first, second] = reference.segments.map(String);
  switch (reference.root) {
    case 'inputs':
      if (first === undefined || inputs === undefined || inputs.includes(first)) return undefined;
      return {
        message: `unknown input "${first}"`,
        hint:
          didYouMean(first, inputs) ??
          `declare it under inputs:${inputs.length > 0 ? ` (declared: ${inputs.join(', ')})` : ''}`,
      };
    case 'steps': {
      if (first === undefined) return { message: 'name a step, e.g. steps.draft.output' };
      if (!steps.includes(first)) {
        return { message: `unknown step "${first}"`, hint: didYouMean(first, steps) ?? `steps: ${steps.join(', ')}` };
      }
      if (first === context.step) return { message: `step "${first}" cannot read its own output` };
      const readable = context.readable();
      if (!readable.steps.has(first) && readable.complete) {
        return {
          message: `step "${first}" is not upstream of "${context.step}", so its output may not exist yet`,
          hint: `add "${first}" to needs`,
        };
      }
      if (second !== undefined && second !== 'output' && second !== 'status') {
        return {
          message: `steps.${first} has only "output" and "status", not "${second}"`,
          hint: didYouMean(second, ['output', 'status']) ?? `write steps.${first}.output.${second}`,
        };
      }
      return undefined;
    }
    case 'item':
    case 'index':
      if (context.allowItem) return undefined;
      return {
        message: `"${reference.root}" exists only in the task of a for_each step`,
        hint: context.step ? `add for_each to "${context.step}", or read the list directly` : undefined,
      };
  }
}

/**
 * A read of `steps.<id>.output.<field>` that can only give nothing: a field of text (the step has
 * no output_schema), a field of a for_each step's list, or a field its output_schema does not
 * declare. Schemas without `properties`, or that allow other fields, accept any field.
 */
function checkOutputField(
  reference: PathReference,
  facts: TemplateFacts,
  usage: 'compare' | 'use',
): { message: string; hint?: string } | undefined {
  const [step, field, ...rest] = reference.segments;
  if (reference.root !== 'steps' || field !== 'output' || rest.length === 0) return undefined;
  const id = String(step);
  const output = facts.outputOf(id);
  if (output.kind === 'unknown') return undefined;
  const walked: Array<string | number> = ['steps', id, 'output'];
  if (output.list) {
    const [first] = rest;
    if (first === 'length') return undefined;
    if (typeof first !== 'number') {
      return {
        message: `steps.${id} runs once per item (for_each), so its output is a list and has no field "${first}"`,
        hint: `read the output of one item, e.g. steps.${id}.output[0].${first}, or the count, steps.${id}.output.length`,
      };
    }
    walked.push(first);
    rest.shift();
    if (rest.length === 0) return undefined;
  }
  if (output.kind === 'text') {
    const [first] = rest;
    if (first === 'length') return undefined;
    const what = typeof first === 'number' ? `item [${first}]` : `field "${first}"`;
    return {
      message: `steps.${id} has no output_schema, so its output is text and has no ${what}`,
      hint: `add output_schema to agent "${output.agent}" (or to the step) to get structured output, or ${usage} the whole text`,
    };
  }
  let problem: { message: string; hint?: string } | undefined;
  for (const schema of output.schemas) {
    const found = checkSchemaPath(schema, rest, walked);
    if (!found) return undefined;
    problem ??= found;
  }
  return problem;
}

/** Follows `segments` through a JSON Schema's `properties` and `items`; a field it does not declare is a problem. */
function checkSchemaPath(
  schema: Record<string, Json>,
  segments: ReadonlyArray<string | number>,
  before: ReadonlyArray<string | number>,
): { message: string; hint?: string } | undefined {
  let current: unknown = schema;
  const walked = [...before];
  for (const segment of segments) {
    if (!isMapping(current) || allowsAnything(current)) return undefined;
    const { properties, items } = current;
    if (isMapping(properties)) {
      const name = String(segment);
      if (Object.hasOwn(properties, name)) {
        current = properties[name];
        walked.push(segment);
        continue;
      }
      if (allowsOtherFields(current)) return undefined;
      const declared = Object.keys(properties);
      return {
        message: `${formatPath(walked)} has no field "${name}"`,
        hint:
          didYouMean(name, declared) ??
          (declared.length > 0 ? `its output_schema declares: ${declared.join(', ')}` : undefined),
      };
    }
    if (typeof segment === 'number' && isMapping(items)) {
      current = items;
      walked.push(segment);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** A schema whose shape is decided elsewhere (references, combinations, conditions): not followed. */
function allowsAnything(schema: Record<string, unknown>): boolean {
  return ['$ref', '$dynamicRef', 'anyOf', 'oneOf', 'allOf', 'if'].some((keyword) => Object.hasOwn(schema, keyword));
}

function allowsOtherFields(schema: Record<string, unknown>): boolean {
  const additional = schema.additionalProperties;
  const unevaluated = schema.unevaluatedProperties;
  return (
    (additional !== undefined && additional !== false) ||
    (unevaluated !== undefined && unevaluated !== false) ||
    Object.hasOwn(schema, 'patternProperties')
  );
}
