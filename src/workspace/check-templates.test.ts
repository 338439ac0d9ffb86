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
  b: { agent: writer, task: B, needs: [a], output_schema: { type: object } }
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
  a: { agent: writer, task: A, when: "ok: {{ inputs.topic }}", output_schema: { type: object } }
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

describe('reads of a step output field', () => {
  const agents = {
    ...testAgents,
    'agents/scorer.yaml': `role: Scorer
instructions: Score.
output_schema:
  type: object
  properties:
    tier: { type: string }
    details: { type: object, properties: { level: { type: integer } } }
    tags: { type: array, items: { type: object, properties: { name: { type: string } } } }
`,
    'agents/freeform.yaml': 'role: F\ninstructions: F\noutput_schema: { type: object }\n',
  };
  const issuesIn = (playbook: string, more: Record<string, string> = {}) =>
    issuesOf({ ...agents, ...more, 'playbooks/launch.yaml': playbook });

  it('reports a field of text output in when, naming the agent to give an output_schema', async () => {
    const text = `steps:
  score: { agent: writer, task: Score }
  reply:
    agent: writer
    needs: [score]
    when: "steps.score.output.tier == 'hot'"
    task: "Reply to a {{ steps.score.output.tier }} lead ({{ steps.score.output.length }} characters)"
`;
    assert.deepEqual(brief(await issuesIn(text)), [
      {
        line: 6,
        column: columnOf(text, 6, 'steps.score'),
        path: 'steps.reply.when',
        message: 'steps.score has no output_schema, so its output is text and has no field "tier"',
        hint: 'add output_schema to agent "writer" (or to the step) to get structured output, or compare the whole text',
      },
      {
        line: 7,
        column: columnOf(text, 7, 'steps.score'),
        path: 'steps.reply.task',
        message: 'steps.score has no output_schema, so its output is text and has no field "tier"',
        hint: 'add output_schema to agent "writer" (or to the step) to get structured output, or use the whole text',
      },
    ]);
  });

  it('checks fields against the properties of the output_schema, with did-you-mean', async () => {
    const text = `steps:
  score: { agent: scorer, task: Score }
  reply:
    agent: writer
    needs: [score]
    when: "steps.score.output.teir == 'hot' || steps.score.output.details.levl > 2"
    task: "{{ steps.score.output.tier }} {{ steps.score.output.details.level }} {{ steps.score.output.tags[0].name }} {{ steps.score.output.tags.length }}"
output: "{{ steps.score.output.colour }}"
`;
    assert.deepEqual(brief(await issuesIn(text)), [
      {
        line: 6,
        column: columnOf(text, 6, 'steps.score.output.teir'),
        path: 'steps.reply.when',
        message: 'steps.score.output has no field "teir"',
        hint: 'did you mean "tier"?',
      },
      {
        line: 6,
        column: columnOf(text, 6, 'steps.score.output.details'),
        path: 'steps.reply.when',
        message: 'steps.score.output.details has no field "levl"',
        hint: 'did you mean "level"?',
      },
      {
        line: 8,
        column: columnOf(text, 8, 'steps.score'),
        path: 'output',
        message: 'steps.score.output has no field "colour"',
        hint: 'its output_schema declares: tier, details, tags',
      },
    ]);
  });

  it('accepts any field of a schema without properties or that allows other fields', async () => {
    const issues = await issuesIn(`steps:
  a: { agent: freeform, task: A }
  b: { agent: writer, task: B, output_schema: { type: object, properties: { x: { type: string } }, additionalProperties: true } }
  c: { agent: writer, needs: [a, b], task: "{{ steps.a.output.anything.deeper }} {{ steps.b.output.y }}" }
`);
    assert.deepEqual(issues, []);
  });

  it('lets the step output_schema decide over the agent one', async () => {
    const text = `steps:
  a: { agent: scorer, task: A, output_schema: { type: object, properties: { ok: { type: boolean } } } }
  b: { agent: writer, needs: [a], when: steps.a.output.ok, task: "{{ steps.a.output.tier }}" }
`;
    assert.deepEqual(
      (await issuesIn(text)).map(({ message, hint }) => ({ message, hint })),
      [{ message: 'steps.a.output has no field "tier"', hint: 'its output_schema declares: ok' }],
    );
  });

  it('treats the output of a for_each step as a list of item outputs', async () => {
    const text = `inputs:
  leads: { type: array }
steps:
  score: { agent: scorer, for_each: inputs.leads, task: "{{ item }}" }
  sum:
    agent: writer
    needs: [score]
    task: "{{ steps.score.output.length }} {{ steps.score.output[0].tier }} {{ steps.score.output.tier }}"
`;
    assert.deepEqual(brief(await issuesIn(text)), [
      {
        line: 8,
        column: columnOf(text, 8, 'steps.score.output.tier'),
        path: 'steps.sum.task',
        message: 'steps.score runs once per item (for_each), so its output is a list and has no field "tier"',
        hint: 'read the output of one item, e.g. steps.score.output[0].tier, or the count, steps.score.output.length',
      },
    ]);
  });

  it('accepts a field any agent that may answer declares (the step agent or its fallback)', async () => {
    const issues = await issuesIn(`steps:
  a: { agent: writer, task: A, on_error: { fallback: { agent: scorer } } }
  b: { agent: writer, needs: [a], task: "{{ steps.a.output.tier }}" }
`);
    assert.deepEqual(issues, []);
  });

  it('says nothing when the agent file cannot be read, so its output is unknown', async () => {
    const issues = await issuesIn(
      `steps:
  a: { agent: broken, task: A }
  b: { agent: writer, needs: [a], task: "{{ steps.a.output.tier }}" }
`,
      { 'agents/broken.yaml': 'role: [unclosed\n' },
    );
    assert.deepEqual(
      issues.map((issue) => issue.file),
      ['agents/broken.yaml'],
    );
  });
});
