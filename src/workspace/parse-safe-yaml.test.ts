import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSafeYaml, yamlLimits } from './parse-safe-yaml.ts';
import { issuesOf } from './write-test-workspace.ts';

const failure = (text: string) => {
  const parsed = parseSafeYaml(text, 'playbooks/x.yaml');
  assert.ok(!parsed.ok, 'expected the YAML to be refused');
  return parsed.issues;
};

describe('parseSafeYaml', () => {
  it('parses a mapping', () => {
    const parsed = parseSafeYaml('name: x\nsteps:\n  a: { agent: w }\n', 'playbooks/x.yaml');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, { name: 'x', steps: { a: { agent: 'w' } } });
  });

  it('refuses an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
    ].join('\n');
    const [issue] = failure(bomb);
    assert.equal(issue?.file, 'playbooks/x.yaml');
    assert.equal(issue!.message, 'aliases expand too much (limit: 100 alias expansions)');
    assert.equal(issue?.hint, 'write the values out, or use fewer aliases');
  });

  it('allows a few aliases', () => {
    assert.ok(parseSafeYaml('base: &base { agent: w }\na: *base\nb: *base\n', 'x.yaml').ok);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, with their position', () => {
    const issues = failure('steps:\n  a:\n    __proto__: { polluted: true }\n  constructor: 1\nprototype: 2\n');
    assert.deepEqual(
      issues.map(({ line, column, path, message }) => ({ line, column, path, message })),
      [
        { line: 3, column: 5, path: 'steps.a.__proto__', message: 'the key "__proto__" is not allowed' },
        { line: 4, column: 3, path: 'steps.constructor', message: 'the key "constructor" is not allowed' },
        { line: 5, column: 1, path: 'prototype', message: 'the key "prototype" is not allowed' },
      ],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a quoted "__proto__" key too', () => {
    assert.match(failure('"__proto__": 1\n')[0]!.message, /"__proto__" is not allowed/);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `a: ${'['.repeat(yamlLimits.maxDepth + 1)}${']'.repeat(yamlLimits.maxDepth + 1)}\n`;
    assert.match(failure(deep)[0]!.message, /nesting is deeper than 64 levels/);
    const veryDeep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    assert.match(failure(veryDeep)[0]!.message, /nesting is deeper than 64 levels/);
    const ok = `a: ${'['.repeat(10)}${']'.repeat(10)}\n`;
    assert.ok(parseSafeYaml(ok, 'x.yaml').ok);
  });

  it('refuses nesting made deep by aliases', () => {
    const levels = Array.from({ length: 40 }, () => '[').join('');
    const close = Array.from({ length: 40 }, () => ']').join('');
    const text = `a: &a ${levels}1${close}\nb: ${levels}*a${close}\n`;
    assert.match(failure(text)[0]!.message, /once aliases are expanded/);
  });

  it('refuses a top level that is not a mapping', () => {
    assert.equal(failure('- a\n- b\n')[0]!.message, 'expected a mapping of fields, found a list');
    assert.equal(failure('just text\n')[0]!.message, 'expected a mapping of fields, found a single value');
    assert.equal(failure('')[0]!.message, 'expected a mapping of fields, found an empty file');
    assert.equal(failure('# only a comment\n')[0]!.message, 'expected a mapping of fields, found an empty file');
  });

  it('reports syntax errors, duplicate keys and several documents with their line', () => {
    const [syntax] = failure('a: [1, 2\nb: 3\n');
    assert.match(syntax!.message, /^invalid YAML: /);
    const [duplicate] = failure('a: 1\nb: 2\na: 3\n');
    assert.equal(duplicate?.line, 3);
    assert.equal(duplicate!.message, 'this key appears twice in the same mapping');
    assert.match(failure('a: 1\n---\nb: 2\n')[0]!.message, /invalid YAML/);
  });

  it('refuses complex keys and unknown tags', () => {
    assert.match(failure('? [a, b]\n: 1\n')[0]!.message, /keys must be plain names/);
    assert.match(failure('a: !foo bar\n')[0]!.message, /invalid YAML/);
    for (const text of [
      'a: !!binary aGk=\n',
      'a: !!timestamp 2001-12-14\n',
      'a: [!!set {x}]\n',
      'a: !!omap [{x: 1}]\n',
    ]) {
      const [issue] = failure(text);
      assert.match(issue!.message, /^the tag !!\w+ is not supported$/, text);
      assert.equal(issue?.hint, 'write a plain string, number, boolean, list or mapping');
    }
    assert.ok(parseSafeYaml('a: !!str 1\nb: !!int "2"\n', 'x.yaml').ok);
  });

  it('refuses text over 1 MiB', () => {
    const [issue] = failure(`a: "${'x'.repeat(yamlLimits.maxBytes)}"\n`);
    assert.equal(issue?.message, 'file is larger than 1 MiB');
  });
});

describe('workspace files', () => {
  it('are refused over 1 MiB before being read, naming the file', async () => {
    const issues = await issuesOf({
      'agents/huge.yaml': `role: x\ninstructions: "${'x'.repeat(yamlLimits.maxBytes)}"\n`,
    });
    assert.deepEqual(issues, [
      {
        file: 'agents/huge.yaml',
        path: '',
        message: 'file is larger than 1 MiB',
        hint: 'split it, or move long text into knowledge files',
      },
    ]);
  });

  it('name the file in YAML safety issues', async () => {
    const issues = await issuesOf({ 'brigade.yaml': 'model: openai:gpt-5-mini\n__proto__: {}\n' });
    assert.equal(issues[0]?.file, 'brigade.yaml');
    assert.equal(issues[0]?.line, 2);
  });
});
