import { type ExpressionParseResult, parseBareExpression } from './parse-expression.ts';
import type { Expression, Template, TemplateIssue, TemplateSegment } from './template.ts';

/** The result of parsing a template: the template, or every syntax issue found. */
export type TemplateParseResult = { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] };

/**
 * Parses literal text with `{{ expr }}` segments.
 *
 * @example parseTemplate('Write about {{ inputs.topic }} for {{ item }}')
 */
export function parseTemplate(source: string): TemplateParseResult {
  const segments: TemplateSegment[] = [];
  const issues: TemplateIssue[] = [];
  let cursor = 0;
  while (cursor < source.length) {
    const open = source.indexOf('{{', cursor);
    if (open === -1) break;
    if (open > cursor) segments.push({ kind: 'text', text: source.slice(cursor, open) });
    const close = findClose(source, open + 2);
    if (close === -1) {
      issues.push({ message: 'unclosed "{{": add "}}" after the expression', offset: open });
      cursor = source.length;
      break;
    }
    const inner = source.slice(open + 2, close);
    const parsed = parseBareExpression(inner, open + 2);
    if (parsed.ok)
      segments.push({ kind: 'expression', expression: parsed.expression, source: inner.trim(), offset: open });
    else issues.push(...parsed.issues);
    cursor = close + 2;
  }
  if (cursor < source.length) segments.push({ kind: 'text', text: source.slice(cursor) });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, template: { source, segments } };
}

/**
 * Parses a single expression written bare (`steps.check.output.ok`) or as exactly one
 * `{{ expr }}` (surrounding whitespace allowed), as `when:` and `for_each:` accept.
 */
export function parseExpression(source: string): ExpressionParseResult {
  if (!source.includes('{{')) return parseBareExpression(source);
  const parsed = parseTemplate(source);
  if (!parsed.ok) return parsed;
  const expression = singleExpressionOf(parsed.template);
  if (!expression) {
    return {
      ok: false,
      issues: [
        { message: 'expected one expression, e.g. "{{ steps.check.output.ok }}", without other text', offset: 0 },
      ],
    };
  }
  return { ok: true, expression };
}

/** The expression of a template made of exactly one `{{ expr }}` and whitespace, if it is one. */
export function singleExpressionOf(template: Template): Expression | undefined {
  const expressions = template.segments.filter((segment) => segment.kind === 'expression');
  const onlyWhitespace = template.segments.every((segment) => segment.kind !== 'text' || segment.text.trim() === '');
  return expressions.length === 1 && onlyWhitespace ? expressions[0]!.expression : undefined;
}

/** Index of the `}}` closing an expression that starts at `from`, skipping quoted strings; -1 if none. */
function findClose(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const char = source[i];
    if (char === '"' || char === "'") {
      i++;
      while (i < source.length && source[i] !== char) i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (char === '}' && source[i + 1] === '}') return i;
    i++;
  }
  return -1;
}
