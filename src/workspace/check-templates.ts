import {
  parseExpression,
  parseTemplate,
  referencesOf,
  type TemplateIssue,
  type TemplateReference,
} from '../engine/template/index.ts';
import type { Issue } from '../spec/index.ts';
import { didYouMean } from './did-you-mean.ts';
import { type FieldPath, issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { PlaybookFile } from './playbook-file-schema.ts';

/** Where a template sits, which decides what it may read. */
interface TemplateContext {
  /** The step using the template; undefined for the playbook's `output`. */
  step?: string;
  /** Steps it may read: the step's upstream, or every step for `output`; computed on first use. */
  readable: () => ReadonlySet<string>;
  /** True only in the task of a `for_each` step. */
  allowItem: boolean;
}

/**
 * Checks every template of a playbook: syntax, and that each path names a declared input, a step
 * that runs before (transitively in `needs`), and `item`/`index` only inside a `for_each` task.
 */
export function checkTemplates(
  source: YamlSource,
  playbook: PlaybookFile,
  upstream: (step: string) => ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const inputs = playbook.inputs ?? {};
  const steps = Object.keys(playbook.steps);
  const check = (path: FieldPath, text: string, kind: 'template' | 'expression', context: TemplateContext) => {
    const parsed = kind === 'template' ? parseTemplate(text) : parseExpression(text);
    if (!parsed.ok) {
      issues.push(...parsed.issues.map((problem) => syntaxIssue(source, path, problem)));
      return undefined;
    }
    const references = referencesOf('template' in parsed ? parsed.template : parsed.expression);
    for (const reference of references) {
      const problem = checkReference(reference, context, Object.keys(inputs), steps);
      if (problem) issues.push(issueAt(source, path, problem.message, problem.hint, { offset: reference.offset }));
    }
    return 'expression' in parsed ? parsed.expression : undefined;
  };

  for (const [id, step] of Object.entries(playbook.steps)) {
    let readable: ReadonlySet<string> | undefined;
    const stepContext = { step: id, readable: () => (readable ??= upstream(id)), allowItem: false };
    check(['steps', id, 'task'], step.task, 'template', { ...stepContext, allowItem: step.for_each !== undefined });
    if (step.when !== undefined) check(['steps', id, 'when'], step.when, 'expression', stepContext);
    if (step.for_each === undefined) continue;
    const items = check(['steps', id, 'for_each'], step.for_each, 'expression', stepContext);
    if (items?.kind === 'literal') {
      issues.push(issueAt(source, ['steps', id, 'for_each'], 'for_each must give a list, not a fixed value'));
    }
    if (items?.kind === 'path' && items.root === 'inputs' && items.segments.length === 1) {
      const declared = inputs[String(items.segments[0])];
      if (declared && declared.type !== 'array') {
        issues.push(
          issueAt(
            source,
            ['steps', id, 'for_each'],
            `inputs.${items.segments[0]} is declared as ${declared.type}, not array`,
            'for_each needs a list; declare the input with type: array',
          ),
        );
      }
    }
  }
  if (playbook.output !== undefined) {
    const all = new Set(steps);
    check(['output'], playbook.output, 'template', { readable: () => all, allowItem: false });
  }
  return issues;
}

function syntaxIssue(source: YamlSource, path: FieldPath, problem: TemplateIssue): Issue {
  return issueAt(source, path, `invalid template: ${problem.message}`, undefined, { offset: problem.offset });
}

function checkReference(
  reference: TemplateReference,
  context: TemplateContext,
  inputs: readonly string[],
  steps: readonly string[],
): { message: string; hint?: string } | undefined {
  const [first, second] = reference.path;
  switch (reference.root) {
    case 'inputs':
      if (first === undefined || inputs.includes(first)) return undefined;
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
      if (!context.readable().has(first)) {
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
