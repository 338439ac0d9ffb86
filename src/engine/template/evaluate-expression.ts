import type { Json } from '../../spec/index.ts';
import type { Expression, TemplateScope } from './template.ts';

/** A value an expression produces: JSON, or undefined for a path that leads nowhere. */
export type ExpressionValue = Json | undefined;

/**
 * Evaluates a parsed expression against a scope. Never throws: a missing path is `undefined`,
 * a comparison of mismatched types is `false`. `&&` and `||` return an operand, as in JavaScript.
 */
export function evaluateExpression(expression: Expression, scope: TemplateScope): ExpressionValue {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'path': {
      let value: unknown = scope[expression.root];
      for (const segment of expression.segments) value = readOwn(value, segment);
      return value as ExpressionValue;
    }
    case 'unary': {
      const operand = evaluateExpression(expression.operand, scope);
      if (expression.operator === '!') return !isTruthy(operand);
      return typeof operand === 'number' ? -operand : undefined;
    }
    case 'binary': {
      const left = evaluateExpression(expression.left, scope);
      switch (expression.operator) {
        case '&&':
          return isTruthy(left) ? evaluateExpression(expression.right, scope) : left;
        case '||':
          return isTruthy(left) ? left : evaluateExpression(expression.right, scope);
        default:
          return compare(expression.operator, left, evaluateExpression(expression.right, scope));
      }
    }
  }
}

/**
 * Truthiness for conditions: `undefined`, `null`, `false`, `0`, `NaN`, `''`, `[]` and `{}` are
 * false; everything else is true.
 */
export function isTruthy(value: ExpressionValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Reads an own property only, so a template can never reach a prototype. */
function readOwn(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value)) {
    if (segment === 'length') return value.length;
    return typeof segment === 'number' && segment >= 0 && segment < value.length ? value[segment] : undefined;
  }
  if (typeof value === 'string') return segment === 'length' ? value.length : undefined;
  if (value !== null && typeof value === 'object') {
    const key = String(segment);
    return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

function compare(operator: string, left: ExpressionValue, right: ExpressionValue): boolean {
  switch (operator) {
    case '==':
      return jsonEqual(left, right);
    case '!=':
      return !jsonEqual(left, right);
    case 'in':
      return contains(right, left);
    default: {
      const comparable =
        (typeof left === 'number' && typeof right === 'number') ||
        (typeof left === 'string' && typeof right === 'string');
      if (!comparable) return false;
      if (operator === '<') return left < right;
      if (operator === '<=') return left <= right;
      if (operator === '>') return left > right;
      return left >= right;
    }
  }
}

/** `needle in haystack`: an element of an array, a substring of a string, or an own key of an object. */
function contains(haystack: ExpressionValue, needle: ExpressionValue): boolean {
  if (Array.isArray(haystack)) return haystack.some((element) => jsonEqual(element, needle));
  if (typeof haystack === 'string') return typeof needle === 'string' && haystack.includes(needle);
  if (haystack !== null && typeof haystack === 'object')
    return typeof needle === 'string' && Object.hasOwn(haystack, needle);
  return false;
}

/** Structural equality of JSON values; a missing value equals null. */
export function jsonEqual(left: ExpressionValue, right: ExpressionValue): boolean {
  const a = left === undefined ? null : left;
  const b = right === undefined ? null : right;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((element, index) => jsonEqual(element, b[index]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}
