import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Issue } from '../spec/index.ts';
import { issuesOf, testAgents } from './write-test-workspace.ts';

/** Issues of one playbook file among the test agents. */
const playbookIssues = (text: string): Promise<Issue[]> => issuesOf({ ...testAgents, 'playbooks/launch.yaml': text });
const only = async (text: string): Promise<Issue> => {
  const issues = await playbookIssues(text);
  assert.equal(issues.length, 1, `expected one issue, got ${JSON.stringify(issues, null, 2)}`);
  return issues[0]!;
};

describe('playbook checks', () => {
  it('reports an unknown agent with did-you-mean at the agent value', async () => {
    const issue = await only(`steps:
  draft:
    agent: writr
    task: Write
`);
    assert.deepEqual(issue, {
      file: 'playbooks/launch.yaml',
      line: 3,
      column: 12,
      path: 'steps.draft.agent',
      message: 'unknown agent "writr"',
      hint: 'did you mean "writer"?',
    });
  });

  it('lists the agents when no name is close', async () => {
    const issue = await only('steps:\n  draft: { agent: zebra, task: Write }\n');
    assert.equal(issue.hint, 'agents: editor, writer');
  });

  it('reports unknown, self and repeated needs', async () => {
    const issues = await playbookIssues(`steps:
  draft: { agent: writer, task: Write }
  check:
    agent: editor
    needs: [drafts, check, draft, draft]
    task: Check
`);
    assert.deepEqual(
      issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint })),
      [
        {
          line: 5,
          column: 13,
          path: 'steps.check.needs[0]',
          message: 'unknown step "drafts"',
          hint: 'did you mean "draft"?',
        },
        {
          line: 5,
          column: 21,
          path: 'steps.check.needs[1]',
          message: 'step "check" cannot need itself',
          hint: undefined,
        },
        { line: 5, column: 35, path: 'steps.check.needs[3]', message: '"draft" is listed twice', hint: undefined },
      ],
    );
  });

  it('names a cycle', async () => {
    const issue = await only(`steps:
  a: { agent: writer, task: A, needs: [c] }
  b: { agent: writer, task: B, needs: [a] }
  c: { agent: writer, task: C, needs: [b] }
`);
    assert.deepEqual(issue, {
      file: 'playbooks/launch.yaml',
      line: 2,
      column: 39,
      path: 'steps.a.needs',
      message: 'steps form a cycle: a → c → b → a',
      hint: 'remove one of these needs',
    });
  });

  it('reports each cycle once', async () => {
    const issues = await playbookIssues(`steps:
  a: { agent: writer, task: A, needs: [b] }
  b: { agent: writer, task: B, needs: [a] }
  c: { agent: writer, task: C, needs: [d] }
  d: { agent: writer, task: D, needs: [c, a] }
`);
    assert.deepEqual(
      issues.map((issue) => issue.message),
      ['steps form a cycle: a → b → a', 'steps form a cycle: c → d → c'],
    );
  });

  it('reports unknown fields with did-you-mean at the key', async () => {
    const issues = await playbookIssues(`nmae: launch
steps:
  draft:
    agent: writer
    taks: Write
    fore_each: "{{ inputs.x }}"
`);
    assert.deepEqual(
      issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint })),
      [
        { line: 1, column: 1, path: 'nmae', message: 'unknown field "nmae"', hint: 'did you mean "name"?' },
        { line: 3, column: 3, path: 'steps.draft.task', message: 'missing required field "task"', hint: undefined },
        { line: 5, column: 5, path: 'steps.draft.taks', message: 'unknown field "taks"', hint: 'did you mean "task"?' },
        {
          line: 6,
          column: 5,
          path: 'steps.draft.fore_each',
          message: 'unknown field "fore_each"',
          hint: 'did you mean "for_each"?',
        },
      ],
    );
  });

  it('lists the allowed fields when nothing is close', async () => {
    const issue = await only(
      'steps:\n  draft: { agent: writer, task: W, on_error: { fallback: { agent: editor, zzz: 1 } } }\n',
    );
    assert.equal(issue.path, 'steps.draft.on_error.fallback.zzz');
    assert.equal(issue.hint, 'allowed fields: agent, model');
  });

  it('reports bad durations as needing a unit, with an example for the field', async () => {
    const issues = await playbookIssues(`steps:
  draft:
    agent: writer
    task: Write
    timeout: 30 seconds
    retry: { attempts: 2, backoff: 1x, max_backoff: 5 }
  check:
    agent: writer
    task: Write
    timeout: 0s
  review:
    agent: writer
    task: Write
    timeout: 5
`);
    assert.deepEqual(
      issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint })),
      [
        {
          line: 5,
          column: 14,
          path: 'steps.draft.timeout',
          message: 'expected a duration with a unit, found a string ("30 seconds")',
          hint: 'e.g. timeout: 30s (ms, s, m, h)',
        },
        {
          line: 6,
          column: 36,
          path: 'steps.draft.retry.backoff',
          message: 'expected a duration with a unit, found a string ("1x")',
          hint: 'e.g. backoff: 30s (ms, s, m, h)',
        },
        {
          line: 6,
          column: 53,
          path: 'steps.draft.retry.max_backoff',
          message: 'expected a duration with a unit, found the integer 5',
          hint: 'e.g. max_backoff: 30s (ms, s, m, h)',
        },
        // In the same pass as the shape errors of the step above.
        {
          line: 10,
          column: 14,
          path: 'steps.check.timeout',
          message: 'timeout must be longer than 0',
          hint: undefined,
        },
        {
          line: 14,
          column: 14,
          path: 'steps.review.timeout',
          message: 'expected a duration with a unit, found the integer 5',
          hint: 'e.g. timeout: 30s (ms, s, m, h)',
        },
      ],
    );
    const zero = await only('steps:\n  draft: { agent: writer, task: W, timeout: 0s }\n');
    assert.equal(zero.message, 'timeout must be longer than 0');
    const backoff = await only(
      'steps:\n  draft: { agent: writer, task: W, retry: { attempts: 2, backoff: 1m, max_backoff: 10s } }\n',
    );
    assert.equal(backoff.message, 'max_backoff (10s) is shorter than backoff (1m)');
  });

  it('reports bad retry and on_error values with their own words', async () => {
    const retry = await only('steps:\n  draft: { agent: writer, task: W, retry: many }\n');
    assert.equal(retry.path, 'steps.draft.retry');
    assert.equal(retry.message, 'expected a number of retries, or { attempts, backoff, factor, max_backoff, jitter }');
    const onError = await only('steps:\n  draft: { agent: writer, task: W, on_error: contine }\n');
    assert.deepEqual(
      { line: onError.line, column: onError.column, path: onError.path, message: onError.message, hint: onError.hint },
      {
        line: 2,
        column: 46,
        path: 'steps.draft.on_error',
        message:
          'expected fail, continue, escalate, or { fallback: { agent: …, model: … } }, found a string ("contine")',
        hint: 'did you mean "continue"?',
      },
    );
    const retryWord = await only('steps:\n  draft: { agent: writer, task: W, on_error: retry }\n');
    assert.deepEqual(
      { message: retryWord.message, hint: retryWord.hint },
      {
        message: 'expected fail, continue, escalate, or { fallback: { agent: …, model: … } }, found a string ("retry")',
        hint: 'retries are set apart, e.g. retry: 2; on_error says what happens after the last attempt',
      },
    );
    const fallbackWord = await only('steps:\n  draft: { agent: writer, task: W, on_error: fallback }\n');
    assert.equal(fallbackWord.hint, 'name what runs instead, e.g. on_error: { fallback: { agent: editor } }');
    const number = await only('steps:\n  draft: { agent: writer, task: W, on_error: 3 }\n');
    assert.deepEqual(
      { message: number.message, hint: number.hint },
      {
        message: 'expected fail, continue, escalate, or { fallback: { agent: …, model: … } }, found the integer 3',
        hint: undefined,
      },
    );
    const fallback = await only('steps:\n  draft: { agent: writer, task: W, on_error: { fallback: {} } }\n');
    assert.equal(fallback.message, 'a fallback needs an agent, a model, or both');
    const unknownFallback = await only(
      'steps:\n  draft: { agent: writer, task: W, on_error: { fallback: { agent: editr } } }\n',
    );
    assert.deepEqual(
      { path: unknownFallback.path, message: unknownFallback.message, hint: unknownFallback.hint },
      { path: 'steps.draft.on_error.fallback.agent', message: 'unknown agent "editr"', hint: 'did you mean "editor"?' },
    );
    const badAttempts = await only('steps:\n  draft: { agent: writer, task: W, retry: { attempts: 0 } }\n');
    assert.deepEqual(
      { path: badAttempts.path, message: badAttempts.message },
      { path: 'steps.draft.retry.attempts', message: 'must be at least 1' },
    );
  });

  it('reports wrong types, bad names and empty values', async () => {
    const issues = await playbookIssues(`steps:
  draft: { agent: writer, task: "", needs: draft, concurrency: 1.5 }
  "bad id": { agent: writer, task: W }
`);
    assert.deepEqual(
      issues.map(({ path, message }) => ({ path, message })),
      [
        { path: 'steps.draft.task', message: 'must not be empty' },
        { path: 'steps.draft.needs', message: 'expected a list of step ids, e.g. [draft]' },
        { path: 'steps.draft.concurrency', message: 'expected an integer, found the number 1.5' },
        {
          path: 'steps.bad id',
          message: 'invalid name "bad id": use letters, digits, "_" and "-", starting with a letter or "_"',
        },
      ],
    );
  });

  it('reports concurrency on a step without for_each', async () => {
    const issue = await only('steps:\n  draft: { agent: writer, task: W, concurrency: 2 }\n');
    assert.deepEqual(
      { line: issue.line, column: issue.column, message: issue.message, hint: issue.hint },
      {
        line: 2,
        column: 36,
        message: 'concurrency applies only to for_each steps',
        hint: 'add for_each, or remove concurrency',
      },
    );
  });

  it('checks input defaults and enums against their type', async () => {
    const issues = await playbookIssues(`inputs:
  count: { type: integer, default: "three" }
  tone: { type: string, enum: [warm, 3], default: cold }
  tags: { type: array, items: { type: string }, default: [a, 1] }
  optional: { type: string, default: null }
  flag: { type: boolean, items: { type: string } }
steps:
  draft: { agent: writer, task: W }
`);
    assert.deepEqual(
      issues.map(({ line, path, message }) => ({ line, path, message })),
      [
        { line: 2, path: 'inputs.count.default', message: 'expected an integer, found a string ("three")' },
        { line: 3, path: 'inputs.tone.enum[1]', message: 'expected a string, found the integer 3' },
        { line: 3, path: 'inputs.tone.default', message: 'expected one of "warm", 3, found a string ("cold")' },
        { line: 4, path: 'inputs.tags.default', message: 'item 1: expected a string, found the integer 1' },
        { line: 6, path: 'inputs.flag.items', message: 'items applies only to inputs of type array' },
      ],
    );
  });
});
