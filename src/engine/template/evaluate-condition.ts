import { BrigadeError } from '../../spec/index.ts';
import { evaluateExpression, isTruthy } from './evaluate-expression.ts';
import { parseExpression } from './parse-template.ts';
import type { Expression, TemplateScope } from './template.ts';

/**
 * Evaluates a `when:` condition, written bare or as one `{{ expr }}`, to a boolean by truthiness.
 *
 * @example evaluateCondition('steps.check.output.ok == true', scope)
 */
export function evaluateCondition(condition: string | Expression, scope: TemplateScope): boolean {
  if (typeof condition !== 'string') return isTruthy(evaluateExpression(condition, scope));
  const parsed = parseExpression(condition);
  if (!parsed.ok) {
    const first = parsed.issues[0]!;
    throw new BrigadeError(
      'WORKSPACE_INVALID',
      `invalid condition "${condition}": ${first.message} at ${first.offset}`,
    );
  }
  return isTruthy(evaluateExpression(parsed.expression, scope));
}
