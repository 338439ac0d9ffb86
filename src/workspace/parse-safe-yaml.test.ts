import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Issue } from '../spec/index.ts';
import { parseSafeYaml, yamlLimits } from './parse-safe-yaml.ts';
import { issuesOf } from './write-test-workspace.ts';

/** Issues of a file that cannot be read at all. */
const failure = (text: string) => {
  const parsed = parseSafeYaml(text, 'playbooks/x.yaml');
  assert.ok(!parsed.readable, 'expected the YAML to be refused');
  return parsed.issues;
};
/** Issues of a file whose other parts can still be checked, and its value without the bad parts. */
const partial = (text: string, file = 'playbooks/x.yaml') => {
  const parsed = parseSafeYaml(text, file);
  assert.ok(parsed.readable, `expected the YAML to be readable: ${JSON.stringify(parsed.issues)}`);
  return { issues: parsed.issues, value: parsed.value };
};
const brief = (issues: Issue[]) =>
  issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint }));

describe('parseSafeYaml', () => {
  it('parses a mapping', () => {
    const parsed = parseSafeYaml('name: x\nsteps:\n  a: { agent: w }\n', 'playbooks/x.yaml');
    assert.ok(parsed.readable);
    assert.deepEqual(parsed.issues, []);
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
    const { issues, value } = partial('base: &base { agent: w }\na: *base\nb: *base\n');
    assert.deepEqual(issues, []);
    assert.deepEqual(value.b, { agent: 'w' });
  });

  it('refuses __proto__, constructor and prototype keys anywhere, with their position, and reads the rest', () => {
    const { issues, value } = partial(
      'steps:\n  a:\n    __proto__: { polluted: true }\n    agent: w\n  constructor: 1\nprototype: 2\n',
    );
    assert.deepEqual(
      issues.map(({ line, column, path, message }) => ({ line, column, path, message })),
      [
        { line: 3, column: 5, path: 'steps.a.__proto__', message: 'the key "__proto__" is not allowed' },
        { line: 5, column: 3, path: 'steps.constructor', message: 'the key "constructor" is not allowed' },
        { line: 6, column: 1, path: 'prototype', message: 'the key "prototype" is not allowed' },
      ],
    );
    assert.deepEqual(value, { steps: { a: { agent: 'w' } } });
    assert.equal(Object.getPrototypeOf(value.steps), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a quoted "__proto__" key too', () => {
    assert.match(partial('"__proto__": 1\n').issues[0]!.message, /"__proto__" is not allowed/);
  });

  it('refuses nesting deeper than the limit, with a short path', () => {
    const deep = `a: ${'['.repeat(yamlLimits.maxDepth + 1)}${']'.repeat(yamlLimits.maxDepth + 1)}\n`;
    assert.deepEqual(brief(failure(deep)), [
      {
        line: 1,
        column: 67,
        path: 'a[0][0][0]…',
        message: 'nesting is deeper than 64 levels',
        hint: 'workspace files need only a few levels of lists and mappings; flatten this value',
      },
    ]);
    const veryDeep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const issues = failure(veryDeep);
    assert.equal(issues.length, 1, 'one issue, however many times the parser reports it');
    assert.equal(issues[0]!.message, 'nesting is deeper than 64 levels');
    const ok = `a: ${'['.repeat(10)}${']'.repeat(10)}\n`;
    assert.ok(parseSafeYaml(ok, 'x.yaml').readable);
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

  it('names a duplicate key at its second occurrence, and keeps reading with the first', () => {
    const { issues, value } = partial(
      'role: Writer\ninstructions: Write.\nsteps:\n  a: { agent: w, agent: x }\nrole: Editor\n',
    );
    assert.deepEqual(brief(issues), [
      {
        line: 4,
        column: 18,
        path: 'steps.a.agent',
        message: '"agent" appears twice in the same mapping (first on line 4)',
        hint: 'keep one "agent" and delete the other',
      },
      {
        line: 5,
        column: 1,
        path: 'role',
        message: '"role" appears twice in the same mapping (first on line 1)',
        hint: 'keep one "role" and delete the other',
      },
    ]);
    assert.deepEqual(value, { role: 'Writer', instructions: 'Write.', steps: { a: { agent: 'w' } } });
  });

  it('explains a second document by where it starts and what to do, per folder', () => {
    const text = 'role: A\ninstructions: A\n---\nrole: B\n';
    assert.deepEqual(brief(partial(text, 'agents/a.yaml').issues), [
      {
        line: 3,
        column: 1,
        path: '',
        message: 'this file holds more than one YAML document (a line with --- separates them)',
        hint: 'put each agent in its own file in agents/',
      },
    ]);
    assert.equal(partial(text, 'playbooks/a.yaml').issues[0]!.hint, 'put each playbook in its own file in playbooks/');
    assert.equal(
      partial(text, 'brigade.yaml').issues[0]!.hint,
      'keep one document: remove the --- line and merge the fields',
    );
    assert.deepEqual(partial(text).value, { role: 'A', instructions: 'A' });
    assert.deepEqual(partial('---\nrole: A\n').issues, [], 'a --- before the only document is fine');
  });

  it('rewords syntax errors for the person who wrote the file, keeping line and column', () => {
    const cases: Array<[string, Partial<Issue>]> = [
      [
        'a: [1, 2\nb: 3\n',
        {
          line: 2,
          column: 1,
          message: 'a list opened with "[" is not closed',
          hint: 'add "]" at its end, or put the value in quotes if the bracket is part of the text',
        },
      ],
      [
        'a:\n  b: 1\n c: 2\n',
        {
          line: 3,
          column: 1,
          message: 'this line is indented differently from the fields around it',
          hint: 'fields of the same mapping must start in the same column; line them up with spaces',
        },
      ],
      [
        'a:\n\tb: 1\n',
        {
          line: 2,
          column: 1,
          message: 'a tab is used to indent this line; YAML indents with spaces only',
          hint: 'replace the tab with spaces',
        },
      ],
      [
        'a: "abc\nb: 2\n',
        {
          line: 3,
          column: 1,
          message: 'text in double quotes is not closed',
          hint: 'add the closing " (write \\" for a quote inside the text)',
        },
      ],
      [
        'a: "C:\\Users"\n',
        {
          line: 1,
          column: 7,
          message: 'a backslash inside double quotes must start a known escape, such as \\n or \\"',
          hint: 'write a backslash as \\\\, or put the text in single quotes instead',
        },
      ],
      [
        'role Writer\ninstructions: x\n',
        {
          line: 1,
          column: 1,
          message: 'this line should be "field: value", but the ":" after the field name is missing',
          hint: 'add ": " after the field name, or indent the line if it continues the text above',
        },
      ],
      [
        'title: Launch: day one\n',
        {
          line: 1,
          column: 8,
          message: 'this value contains ": ", which YAML reads as another field',
          hint: 'put the whole value in quotes, e.g. title: "Launch: day one"',
        },
      ],
      [
        'a: `foo`\n',
        {
          line: 1,
          column: 4,
          message: 'a value cannot start with ` unless it is in quotes',
          hint: 'put the whole value in quotes',
        },
      ],
      [
        'a: "x" y\n',
        {
          line: 1,
          column: 8,
          message: 'unexpected text after the value on this line',
          hint: 'put the whole value in quotes',
        },
      ],
      [
        'a: [x]#c\n',
        {
          line: 1,
          column: 7,
          message: 'a "#" that starts a comment needs a space before it',
          hint: 'add a space before the "#", or put the value in quotes if the "#" is part of it',
        },
      ],
      [
        'task: {{ inputs.topic }} and more\n',
        {
          line: 1,
          column: 7,
          message: 'a value that starts with "{{" must be in quotes, or YAML reads it as a mapping',
          hint: 'put the whole value in quotes, e.g. task: "{{ inputs.topic }}"',
        },
      ],
    ];
    for (const [text, expected] of cases) {
      const [issue, ...more] = failure(text);
      assert.deepEqual(more, [], text);
      assert.deepEqual(
        { line: issue!.line, column: issue!.column, message: issue!.message, hint: issue!.hint },
        expected,
        text,
      );
      assert.doesNotMatch(issue!.message, /YAML\.|parseAllDocuments|implicit|scalar|flow|token/i, text);
    }
  });

  it('reads an unquoted "{{ }}" value as a problem of that value only', () => {
    const { issues, value } = partial('task: {{ inputs.topic }}\nagent: writer\n');
    assert.deepEqual(brief(issues), [
      {
        line: 1,
        column: 7,
        path: 'task',
        message: 'a value that starts with "{{" must be in quotes, or YAML reads it as a mapping',
        hint: 'put the whole value in quotes, e.g. task: "{{ inputs.topic }}"',
      },
    ]);
    assert.deepEqual(value, { task: null, agent: 'writer' });
  });

  it('reports an alias with no anchor before it', () => {
    const { issues, value } = partial('a: *nope\nb: 1\n');
    assert.deepEqual(brief(issues), [
      {
        line: 1,
        column: 4,
        path: 'a',
        message: '*nope refers to no &nope above it',
        hint: 'mark the value to reuse with &nope before this line, or write the value out',
      },
    ]);
    assert.deepEqual(value, { a: null, b: 1 });
  });

  it('refuses complex keys and tags, naming the tag, and reads the rest', () => {
    assert.match(partial('? [a, b]\n: 1\n').issues[0]!.message, /keys must be plain names/);
    const { issues, value } = partial('a: !!js/function "function () {}"\nb: !binary aGk=\nc: 1\n');
    assert.deepEqual(brief(issues), [
      {
        line: 1,
        column: 4,
        path: 'a',
        message: 'YAML tags such as !!js/function are not allowed in workspace files; write plain values',
        hint: 'remove !!js/function and write the value as text, a number, true/false, a list or a mapping',
      },
      {
        line: 2,
        column: 4,
        path: 'b',
        message: 'YAML tags such as !binary are not allowed in workspace files; write plain values',
        hint: 'remove !binary and write the value as text, a number, true/false, a list or a mapping',
      },
    ]);
    assert.deepEqual(value, { a: null, b: null, c: 1 });
    for (const text of [
      'a: !!binary aGk=\n',
      'a: !!timestamp 2001-12-14\n',
      'a: [!!set {x}]\n',
      'a: !!omap [{x: 1}]\n',
      'a: !foo bar\n',
    ]) {
      const [issue] = partial(text).issues;
      assert.match(
        issue!.message,
        /^YAML tags such as !!?\w+ are not allowed in workspace files; write plain values$/,
        text,
      );
    }
    const plain = parseSafeYaml('a: !!str 1\nb: !!int "2"\n', 'x.yaml');
    assert.ok(plain.readable);
    assert.deepEqual(plain.issues, []);
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
