import { jsonEqual } from '../engine/template/index.ts';
import type { Json } from '../spec/index.ts';
import { describeValue } from './describe-value.ts';

/** The part of an input declaration that values are checked against. */
export interface InputDeclaration {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: Json[];
  items?: { type: InputDeclaration['type']; enum?: Json[] };
}

/** Why `value` does not fit the declaration, or undefined when it does. */
export function checkInputValue(declaration: InputDeclaration, value: Json): string | undefined {
  const typeProblem = checkType(declaration.type, value);
  if (typeProblem) return typeProblem;
  if (declaration.enum && !declaration.enum.some((allowed) => jsonEqual(allowed, value))) {
    return `expected one of ${declaration.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}, found ${describeValue(value)}`;
  }
  if (declaration.items && Array.isArray(value)) {
    for (const [index, element] of value.entries()) {
      const problem = checkInputValue(declaration.items, element);
      if (problem) return `item ${index}: ${problem}`;
    }
  }
  return undefined;
}

function checkType(type: InputDeclaration['type'], value: Json): string | undefined {
  const fits =
    type === 'array'
      ? Array.isArray(value)
      : type === 'object'
        ? value !== null && typeof value === 'object' && !Array.isArray(value)
        : type === 'integer'
          ? Number.isInteger(value)
          : type === 'number'
            ? typeof value === 'number' && Number.isFinite(value)
            : typeof value === type;
  const expected =
    type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : type === 'integer' ? 'an integer' : `a ${type}`;
  return fits ? undefined : `expected ${expected}, found ${describeValue(value)}`;
}
