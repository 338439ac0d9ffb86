import type { BinaryOperator, Expression, ReferenceRoot, TemplateIssue } from './template.ts';
import { forbiddenSegments } from './template.ts';
import { type Token, tokenizeExpression } from './tokenize-expression.ts';

/** The result of parsing an expression: the tree, or issues with offsets. */
export type ExpressionParseResult = { ok: true; expression: Expression } | { ok: false; issues: TemplateIssue[] };

const roots: ReadonlySet<string> = new Set<ReferenceRoot>(['inputs', 'steps', 'item', 'index']);
const comparisons: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Thrown inside the parser only; turned into a TemplateIssue at its boundary. */
class SyntaxProblem extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/**
 * Parses a bare expression such as `steps.check.output.ok && inputs.publish`. `base` is the
 * offset of `source` inside its template, so issues point at the right character.
 */
export function parseBareExpression(source: string, base = 0): ExpressionParseResult {
  const tokenized = tokenizeExpression(source, base);
  if (!tokenized.ok) return { ok: false, issues: [tokenized.issue] };
  const tokens = tokenized.tokens;
  if (tokens.length === 1) return { ok: false, issues: [{ message: 'empty expression', offset: base }] };
  let position = 0;

  const peek = (): Token => tokens[position]!;
  const next = (): Token => tokens[position++]!;
  const isPunct = (value: string): boolean => {
    const token = peek();
    return token.type === 'punct' && token.value === value;
  };
  const isName = (value: string): boolean => {
    const token = peek();
    return token.type === 'name' && token.value === value;
  };
  const describe = (token: Token): string =>
    token.type === 'end' ? 'end of expression' : `"${token.type === 'string' ? `'${token.value}'` : token.value}"`;
  const expect = (value: string): void => {
    if (!isPunct(value)) throw new SyntaxProblem(`expected "${value}" but found ${describe(peek())}`, peek().offset);
    position++;
  };

  const parseOr = (): Expression => parseLogical('||', parseAnd);
  const parseAnd = (): Expression => parseLogical('&&', parseComparison);
  const parseLogical = (operator: '&&' | '||', operand: () => Expression): Expression => {
    let left = operand();
    while (isPunct(operator)) {
      const offset = next().offset;
      left = { kind: 'binary', operator, left, right: operand(), offset };
    }
    return left;
  };
  const parseComparison = (): Expression => {
    const left = parseUnary();
    const token = peek();
    const operator =
      token.type === 'punct' && comparisons.has(token.value) ? token.value : isName('in') ? 'in' : undefined;
    if (!operator) return left;
    position++;
    const expression: Expression = {
      kind: 'binary',
      operator: operator as BinaryOperator,
      left,
      right: parseUnary(),
      offset: token.offset,
    };
    const after = peek();
    if ((after.type === 'punct' && comparisons.has(after.value)) || isName('in')) {
      throw new SyntaxProblem('comparisons cannot be chained; use && between them', after.offset);
    }
    return expression;
  };
  const parseUnary = (): Expression => {
    const token = peek();
    if (token.type === 'punct' && (token.value === '!' || token.value === '-')) {
      position++;
      const operand = parseUnary();
      if (token.value === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, offset: token.offset };
      }
      return { kind: 'unary', operator: token.value, operand, offset: token.offset };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Expression => {
    const token = next();
    switch (token.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value, offset: token.offset };
      case 'name':
        return parseName(token.value, token.offset);
      case 'punct':
        if (token.value === '(') {
          const inner = parseOr();
          expect(')');
          return inner;
        }
        throw new SyntaxProblem(`unexpected ${describe(token)}`, token.offset);
      case 'end':
        throw new SyntaxProblem('expression ends too early', token.offset);
    }
  };
  const parseName = (name: string, offset: number): Expression => {
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', offset };
    if (name === 'null') return { kind: 'literal', value: null, offset };
    if (!roots.has(name)) {
      throw new SyntaxProblem(`unknown name "${name}": a path starts with inputs, steps, item or index`, offset);
    }
    const segments: Array<string | number> = [];
    for (;;) {
      if (isPunct('.')) {
        position++;
        const token = next();
        if (token.type !== 'name') throw new SyntaxProblem(`expected a field name after "."`, token.offset);
        segments.push(checkSegment(token.value, token.offset));
      } else if (isPunct('[')) {
        position++;
        const token = next();
        if (token.type === 'number' && Number.isInteger(token.value)) segments.push(token.value);
        else if (token.type === 'string') segments.push(checkSegment(token.value, token.offset));
        else throw new SyntaxProblem('expected a whole number or a quoted key inside [ ]', token.offset);
        expect(']');
      } else {
        return { kind: 'path', root: name as ReferenceRoot, segments, offset };
      }
    }
  };

  try {
    const expression = parseOr();
    const rest = peek();
    if (rest.type !== 'end') throw new SyntaxProblem(`unexpected ${describe(rest)}`, rest.offset);
    return { ok: true, expression };
  } catch (error) {
    if (error instanceof SyntaxProblem)
      return { ok: false, issues: [{ message: error.message, offset: error.offset }] };
    throw error;
  }
}

function checkSegment(segment: string, offset: number): string {
  if (forbiddenSegments.has(segment)) throw new SyntaxProblem(`"${segment}" cannot be read in a template`, offset);
  return segment;
}
