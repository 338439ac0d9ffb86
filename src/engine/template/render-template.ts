import { BrigadeError } from '../../spec/index.ts';
import { type ExpressionValue, evaluateExpression } from './evaluate-expression.ts';
import { parseTemplate, singleExpressionOf } from './parse-template.ts';
import type { Template, TemplateScope } from './template.ts';

/**
 * Renders a template. A template that is exactly one `{{ expr }}` (whitespace around it aside)
 * yields the raw value, so `for_each: "{{ inputs.segments }}"` gives an array; anything else
 * yields a string in which objects and arrays are JSON and missing values are empty.
 *
 * @example renderTemplate('Post about {{ inputs.topic }}', { inputs: { topic: 'AI' }, steps: {} })
 */
export function renderTemplate(template: Template | string, scope: TemplateScope): ExpressionValue {
  const parsed = typeof template === 'string' ? parseOrThrow(template) : template;
  const single = singleExpressionOf(parsed);
  if (single) return evaluateExpression(single, scope);
  let text = '';
  for (const segment of parsed.segments) {
    text += segment.kind === 'text' ? segment.text : stringifyValue(evaluateExpression(segment.expression, scope));
  }
  return text;
}

/** How a value reads inside text: strings as they are, null and missing as nothing, objects as JSON. */
export function stringifyValue(value: ExpressionValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

// Parsed templates by source: a fan-out renders the same task for every item.
const parsedTemplates = new Map<string, Template>();
const maxCachedTemplates = 2_048;

/** Parses a template the loader already validated; a failure here means it skipped validation. */
export function parseOrThrow(source: string): Template {
  const cached = parsedTemplates.get(source);
  if (cached) return cached;
  const parsed = parseTemplate(source);
  if (parsed.ok) {
    if (parsedTemplates.size >= maxCachedTemplates) parsedTemplates.clear();
    parsedTemplates.set(source, parsed.template);
    return parsed.template;
  }
  const first = parsed.issues[0]!;
  throw new BrigadeError('WORKSPACE_INVALID', `invalid template "${source}": ${first.message} at ${first.offset}`);
}
