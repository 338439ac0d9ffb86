import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Issue } from '../spec/index.ts';
import { issuesOf, testAgents } from './write-test-workspace.ts';

const playbookIssues = (text: string): Promise<Issue[]> => issuesOf({ ...testAgents, 'playbooks/launch.yaml': text });
/** The 1-based column of `needle` on line `line` of `text`, so expectations stay readable. */
const columnOf = (text: string, line: number, needle: string): number => {
  const column = text.split('\n')[line - 1]!.indexOf(needle);
  assert.ok(column >= 0, `"${needle}" is not on line ${line}`);
  return column + 1;
};
const brief = (issues: Issue[]) =>
  issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint }));

describe('template checks', () => {
  it('points a syntax error at its column inside a one-line value', async () => {
    const text = `steps:
  draft:
    agent: writer
    task: "Write about {{ inputs.topic = 1 }}"
inputs:
  topic: { type: string }
`;
    const issues = await playbookIssues(text);
    assert.deepEqual(brief(issues), [
      {
        line: 4,
        column: columnOf(text, 4, '= 1'),
        path: 'steps.draft.task',
        message: 'invalid template: unexpected character "=" (use == to compare)',
        hint: undefined,
      },
    ]);
  });

  it('points at the start of a block value', async () => {
    const issues = await playbookIssues(`steps:
  draft:
    agent: writer
    task: |
      Write about
      {{ inputs.topic
`);
    assert.deepEqual(brief(issues), [
      {
        line: 4,
        column: 11,
        path: 'steps.draft.task',
        message: 'invalid template: unclosed "{{": add "}}" after the expression',
        hint: undefined,
      },
    ]);
  });

  it('reports undeclared inputs with did-you-mean', async () => {
    const text = `inputs:
  topic: { type: string }
steps:
  draft: { agent: writer, task: "About {{ inputs.topc }} and {{ inputs.zzz }}" }
`;
    const issues = await playbookIssues(text);
    assert.deepEqual(brief(issues), [
      {
        line: 4,
        column: columnOf(text, 4, 'inputs.topc'),
        path: 'steps.draft.task',
        message: 'unknown input "topc"',
        hint: 'did you mean "topic"?',
      },
      {
        line: 4,
        column: columnOf(text, 4, 'inputs.zzz'),
        path: 'steps.draft.task',
        message: 'unknown input "zzz"',
        hint: 'declare it under inputs: (declared: topic)',
      },
    ]);
  });

  it('reports unknown steps, steps that are not upstream, and the step itself', async () => {
    const text = `steps:
  research: { agent: writer, task: Research }
  outline: { agent: writer, task: Outline, needs: [research] }
  draft:
    agent: writer
    needs: [outline]
    task: "{{ steps.research.output }} {{ steps.outlin.output }} {{ steps.review.output }} {{ steps.draft.output }}"
  review: { agent: editor, task: Review, needs: [draft] }
`;
    const issues = await playbookIssues(text);
    assert.deepEqual(brief(issues), [
      {
        line: 7,
        column: columnOf(text, 7, 'steps.outlin'),
        path: 'steps.draft.task',
        message: 'unknown step "outlin"',
        hint: 'did you mean "outline"?',
      },
      {
        line: 7,
        column: columnOf(text, 7, 'steps.review'),
        path: 'steps.draft.task',
        message: 'step "review" is not upstream of "draft", so its output may not exist yet',
        hint: 'add "review" to needs',
      },
      {
        line: 7,
        column: columnOf(text, 7, 'steps.draft'),
        path: 'steps.draft.task',
        message: 'step "draft" cannot read its own output',
        hint: undefined,
      },
    ]);
  });

  it('accepts steps upstream through needs of needs', async () => {
    const issues = await playbookIssues(`steps:
  a: { agent: writer, task: A }
  b: { agent: writer, task: B, needs: [a] }
  c: { agent: writer, task: "{{ steps.a.output }} {{ steps.a.status }} {{ steps.b.output.x[0] }}", needs: [b] }
`);
    assert.deepEqual(issues, []);
  });

  it('reports fields of a step other than output and status', async () => {
    const issues = await playbookIssues(`steps:
  a: { agent: writer, task: A }
  b: { agent: writer, task: "{{ steps.a.outptu }} {{ steps }}", needs: [a] }
`);
    assert.deepEqual(
      issues.map(({ message, hint }) => ({ message, hint })),
      [
        { message: 'steps.a has only "output" and "status", not "outptu"', hint: 'did you mean "output"?' },
        { message: 'name a step, e.g. steps.draft.output', hint: undefined },
      ],
    );
  });

  it('allows item and index only in the task of a for_each step', async () => {
    const text = `inputs:
  list: { type: array }
steps:
  each: { agent: writer, for_each: "{{ inputs.list }}", task: "{{ item.name }} {{ index }}" }
  plain: { agent: writer, task: "{{ item }}" }
  guarded: { agent: writer, for_each: inputs.list, when: "index > 0", task: T }
output: "{{ item }}"
`;
    const issues = await playbookIssues(text);
    assert.deepEqual(brief(issues), [
      {
        line: 5,
        column: columnOf(text, 5, 'item'),
        path: 'steps.plain.task',
        message: '"item" exists only in the task of a for_each step',
        hint: 'add for_each to "plain", or read the list directly',
      },
      {
        line: 6,
        column: columnOf(text, 6, 'index'),
        path: 'steps.guarded.when',
        message: '"index" exists only in the task of a for_each step',
        hint: 'add for_each to "guarded", or read the list directly',
      },
      {
        line: 7,
        column: columnOf(text, 7, 'item'),
        path: 'output',
        message: '"item" exists only in the task of a for_each step',
        hint: undefined,
      },
    ]);
  });

  it('checks when and for_each as single expressions', async () => {
    const issues = await playbookIssues(`inputs:
  topic: { type: string }
steps:
  a: { agent: writer, task: A, when: "ok: {{ inputs.topic }}" }
  b: { agent: writer, task: B, when: "inputs.topic ==" }
  c: { agent: writer, task: C, for_each: "{{ inputs.topic }}" }
  d: { agent: writer, task: D, for_each: "'fixed'" }
  e: { agent: writer, task: E, when: "steps.a.output.ok && !(inputs.topic in steps.a.output)", needs: [a] }
`);
    assert.deepEqual(
      issues.map(({ path, message, hint }) => ({ path, message, hint })),
      [
        {
          path: 'steps.a.when',
          message: 'invalid template: expected one expression, e.g. "{{ steps.check.output.ok }}", without other text',
          hint: undefined,
        },
        { path: 'steps.b.when', message: 'invalid template: expression ends too early', hint: undefined },
        {
          path: 'steps.c.for_each',
          message: 'inputs.topic is declared as string, not array',
          hint: 'for_each needs a list; declare the input with type: array',
        },
        { path: 'steps.d.for_each', message: 'for_each must give a list, not a fixed value', hint: undefined },
      ],
    );
  });

  it('checks when against upstream steps', async () => {
    const issues = await playbookIssues(`steps:
  a: { agent: writer, task: A }
  b: { agent: writer, task: B, when: steps.a.output.ok }
`);
    assert.equal(issues[0]?.path, 'steps.b.when');
    assert.equal(issues[0]?.hint, 'add "a" to needs');
  });

  it('lets output read any step, but only known ones', async () => {
    const text = `steps:
  a: { agent: writer, task: A }
  b: { agent: writer, task: B }
output: "{{ steps.a.output }} {{ steps.b.output }} {{ steps.c.output }}"
`;
    const issues = await playbookIssues(text);
    assert.deepEqual(brief(issues), [
      {
        line: 4,
        column: columnOf(text, 4, 'steps.c'),
        path: 'output',
        message: 'unknown step "c"',
        hint: 'steps: a, b',
      },
    ]);
  });

  it('rejects prototype paths in templates', async () => {
    const issues = await playbookIssues(`steps:
  a: { agent: writer, task: "{{ inputs.constructor }}" }
`);
    assert.equal(issues[0]?.message, 'invalid template: "constructor" cannot be read in a template');
  });
});
