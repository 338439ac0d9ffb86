import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpression, parseTemplate } from './parse-template.ts';

const issuesOf = (source: string) => {
  const parsed = parseTemplate(source);
  assert.equal(parsed.ok, false, `expected ${source} to fail`);
  return parsed.ok ? [] : parsed.issues;
};

describe('parseTemplate', () => {
  it('splits text and expressions', () => {
    const parsed = parseTemplate('Hello {{ inputs.name }}!');
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.template.segments.map((segment) => segment.kind),
      ['text', 'expression', 'text'],
    );
    const expression = parsed.template.segments[1];
    assert.ok(expression?.kind === 'expression');
    assert.equal(expression.source, 'inputs.name');
    assert.equal(expression.offset, 6);
    assert.deepEqual(expression.expression, { kind: 'path', root: 'inputs', segments: ['name'], offset: 9 });
  });

  it('accepts text without expressions and a stray "}}"', () => {
    const parsed = parseTemplate('no braces } here }}');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.template.segments, [{ kind: 'text', text: 'no braces } here }}' }]);
  });

  it('parses every operator with the usual precedence', () => {
    const parsed = parseExpression('!inputs.a || inputs.b == 1 && inputs.c in steps.x.output');
    assert.ok(parsed.ok);
    const root = parsed.expression;
    assert.ok(root.kind === 'binary' && root.operator === '||');
    assert.ok(root.left.kind === 'unary' && root.left.operator === '!');
    assert.ok(root.right.kind === 'binary' && root.right.operator === '&&');
    assert.ok(root.right.left.kind === 'binary' && root.right.left.operator === '==');
    assert.ok(root.right.right.kind === 'binary' && root.right.right.operator === 'in');
  });

  it('parses literals, brackets, hyphenated names and negative numbers', () => {
    const parsed = parseExpression('steps.launch-kit.output["a b"][0] != -1.5 && true != null && "x" == \'x\'');
    assert.ok(parsed.ok);
    const root = parsed.expression;
    assert.ok(root.kind === 'binary' && root.left.kind === 'binary' && root.left.left.kind === 'binary');
    assert.deepEqual(root.left.left.left, {
      kind: 'path',
      root: 'steps',
      segments: ['launch-kit', 'output', 'a b', 0],
      offset: 0,
    });
    assert.deepEqual(root.left.left.right, { kind: 'literal', value: -1.5, offset: 37 });
  });

  it('keeps "}}" inside a string literal', () => {
    const parsed = parseTemplate("{{ inputs.a == '}}' }} tail");
    assert.ok(parsed.ok);
    assert.equal(parsed.template.segments.length, 2);
  });

  it('reports an unclosed "{{" at its offset', () => {
    assert.deepEqual(issuesOf('abc {{ inputs.x'), [
      { message: 'unclosed "{{": add "}}" after the expression', offset: 4 },
    ]);
  });

  it('reports an empty expression', () => {
    assert.deepEqual(issuesOf('a {{   }}'), [{ message: 'empty expression', offset: 4 }]);
  });

  it('reports unknown roots with the valid ones', () => {
    const [issue] = issuesOf('{{ input.topic }}');
    assert.equal(issue?.offset, 3);
    assert.match(issue!.message, /unknown name "input": a path starts with inputs, steps, item or index/);
  });

  it('rejects prototype segments in dots and brackets', () => {
    for (const source of [
      '{{ inputs.__proto__ }}',
      '{{ item.constructor }}',
      '{{ steps.a.prototype }}',
      '{{ inputs["__proto__"] }}',
    ]) {
      const [issue] = issuesOf(source);
      assert.match(issue!.message, /cannot be read in a template/, source);
    }
  });

  it('reports syntax errors with offsets into the template', () => {
    assert.deepEqual(issuesOf('x {{ inputs.a = 1 }}'), [
      { message: 'unexpected character "=" (use == to compare)', offset: 14 },
    ]);
    assert.deepEqual(issuesOf('{{ inputs.a & 1 }}'), [{ message: 'unexpected character "&" (use &&)', offset: 12 }]);
    assert.deepEqual(issuesOf('{{ (inputs.a }}'), [
      { message: 'expected ")" but found end of expression', offset: 13 },
    ]);
    assert.deepEqual(issuesOf('{{ inputs.a inputs.b }}'), [{ message: 'unexpected "inputs"', offset: 12 }]);
    assert.deepEqual(issuesOf('{{ inputs. }}'), [{ message: 'expected a field name after "."', offset: 11 }]);
    assert.deepEqual(issuesOf('{{ item[x] }}'), [
      { message: 'expected a whole number or a quoted key inside [ ]', offset: 8 },
    ]);
    assert.deepEqual(issuesOf('{{ "abc }}'), [{ message: 'unclosed "{{": add "}}" after the expression', offset: 0 }]);
    assert.deepEqual(issuesOf("{{ 'a\\q' }}"), [{ message: 'unknown escape "\\q" in string', offset: 5 }]);
    assert.deepEqual(issuesOf('{{ 12abc }}'), [{ message: 'invalid number "12abc"', offset: 3 }]);
    assert.deepEqual(issuesOf('{{ inputs.a == }}'), [{ message: 'expression ends too early', offset: 15 }]);
  });

  it('rejects chained comparisons', () => {
    const [issue] = issuesOf('{{ inputs.a < inputs.b < inputs.c }}');
    assert.match(issue!.message, /cannot be chained/);
  });

  it('reports every bad segment, not just the first', () => {
    assert.equal(issuesOf('{{ a }} and {{ b }}').length, 2);
  });
});

describe('parseExpression', () => {
  it('accepts a bare expression', () => {
    const parsed = parseExpression('steps.check.output.ok');
    assert.ok(parsed.ok);
    assert.equal(parsed.expression.kind, 'path');
  });

  it('accepts one {{ expr }} with whitespace around it', () => {
    assert.ok(parseExpression('  {{ inputs.segments }}\n').ok);
  });

  it('rejects text around the expression or several expressions', () => {
    for (const source of ['ok: {{ inputs.a }}', '{{ inputs.a }}{{ inputs.b }}']) {
      const parsed = parseExpression(source);
      assert.ok(!parsed.ok);
      assert.match(parsed.issues[0]!.message, /expected one expression/);
    }
  });
});
