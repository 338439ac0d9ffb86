import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from './evaluate-condition.ts';
import { evaluateExpression, isTruthy, jsonEqual } from './evaluate-expression.ts';
import { parseExpression } from './parse-template.ts';
import type { TemplateScope } from './template.ts';

const scope: TemplateScope = {
  inputs: { topic: 'AI agents for teams', segments: ['founders', 'marketers'], count: 3, empty: [], none: null },
  steps: {
    check: { output: { ok: true, score: 0.8, tags: { urgent: true } }, status: 'succeeded' },
    skipped: { output: null, status: 'skipped' },
  },
};

const evaluate = (source: string) => {
  const parsed = parseExpression(source);
  assert.ok(parsed.ok, source);
  return evaluateExpression(parsed.expression, scope);
};

describe('evaluateCondition', () => {
  it('accepts a bare expression or one {{ expr }}', () => {
    assert.equal(evaluateCondition('steps.check.output.ok', scope), true);
    assert.equal(evaluateCondition('{{ steps.check.output.ok }}', scope), true);
    assert.equal(evaluateCondition('{{ steps.skipped.output }}', scope), false);
  });

  it('compares', () => {
    const cases: Array<[string, boolean]> = [
      ['inputs.count == 3', true],
      ['inputs.count != 3', false],
      ['inputs.count < 4', true],
      ['inputs.count <= 3', true],
      ['inputs.count > 3', false],
      ['inputs.count >= 3', true],
      ['steps.check.output.score > 0.5', true],
      ['"b" > "a"', true],
      ['inputs.count > "2"', false],
      ['inputs.missing < 1', false],
      ['steps.skipped.status == "skipped"', true],
      ['inputs.segments == inputs.segments', true],
      ['inputs.none == null', true],
      ['inputs.missing == null', true],
      ['inputs.count == -3', false],
    ];
    for (const [source, expected] of cases) assert.equal(evaluateCondition(source, scope), expected, source);
  });

  it('tests membership with in', () => {
    assert.equal(evaluateCondition('"founders" in inputs.segments', scope), true);
    assert.equal(evaluateCondition('"agencies" in inputs.segments', scope), false);
    assert.equal(evaluateCondition('"agents" in inputs.topic', scope), true);
    assert.equal(evaluateCondition('"urgent" in steps.check.output.tags', scope), true);
    assert.equal(evaluateCondition('"toString" in steps.check.output.tags', scope), false);
    assert.equal(evaluateCondition('1 in inputs.topic', scope), false);
    assert.equal(evaluateCondition('"x" in inputs.missing', scope), false);
  });

  it('combines with &&, ||, ! and parentheses', () => {
    assert.equal(evaluateCondition('steps.check.output.ok && inputs.count > 2', scope), true);
    assert.equal(evaluateCondition('!steps.check.output.ok || inputs.count > 5', scope), false);
    assert.equal(evaluateCondition('!(inputs.count > 5) && !inputs.empty', scope), true);
    assert.equal(evaluateCondition('false || true && false', scope), false);
    assert.equal(evaluateCondition('(false || true) && true', scope), true);
  });

  it('throws a BrigadeError for an invalid condition', () => {
    assert.throws(() => evaluateCondition('inputs.a ==', scope), { code: 'WORKSPACE_INVALID' });
  });
});

describe('evaluateExpression', () => {
  it('returns operands from && and ||, like JavaScript', () => {
    assert.equal(evaluate('inputs.missing || "fallback"'), 'fallback');
    assert.equal(evaluate('inputs.topic && inputs.count'), 3);
    assert.deepEqual(evaluate('inputs.empty && inputs.count'), []);
  });

  it('negates numbers only', () => {
    assert.equal(evaluate('-inputs.count'), -3);
    assert.equal(evaluate('-inputs.topic'), undefined);
  });

  it('short-circuits', () => {
    assert.equal(evaluate('false && inputs.missing.deep'), false);
  });
});

describe('isTruthy', () => {
  it('treats empty collections and empty text as false', () => {
    for (const value of [undefined, null, false, 0, Number.NaN, '', [], {}]) assert.equal(isTruthy(value), false);
    for (const value of [true, 1, -1, 'x', [0], { a: null }]) assert.equal(isTruthy(value), true);
  });
});

describe('jsonEqual', () => {
  it('compares structurally', () => {
    assert.equal(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual([1], { 0: 1 }), false);
    assert.equal(jsonEqual(undefined, null), true);
    assert.equal(jsonEqual('1', 1), false);
  });
});
