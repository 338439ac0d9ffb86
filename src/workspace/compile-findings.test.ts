import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentStep } from '../spec/index.ts';
import { issuesOf, loadValid, testAgents } from './write-test-workspace.ts';

const playbook = (findings: string) => `name: board
steps:
  research: { agent: writer, task: "find things" }
  draft:
    agent: writer
    task: "write"
    context:
      findings: ${findings}
`;

describe('context.findings', () => {
  it('compiles a list of steps, a { from, topics, tags } filter, and false', async () => {
    for (const [written, compiled] of [
      ['[research]', { from: ['research'] }],
      [
        '{ from: [research], topics: [pricing], tags: [b2b] }',
        { from: ['research'], topics: ['pricing'], tags: ['b2b'] },
      ],
      ['{ topics: [pricing] }', { topics: ['pricing'] }],
      ['false', 'none'],
    ] as const) {
      const workspace = await loadValid({ ...testAgents, 'playbooks/board.yaml': playbook(written) });
      assert.deepEqual((workspace.playbooks.board!.steps.draft as AgentStep).findings, compiled, written);
      assert.equal(
        (workspace.playbooks.board!.steps.research as AgentStep).findings,
        undefined,
        'default: every finding',
      );
    }
  });

  it('names an unknown step with a did-you-mean', async () => {
    const issues = await issuesOf({ ...testAgents, 'playbooks/board.yaml': playbook('[reserch]') });
    assert.deepEqual(
      issues.map((issue) => [issue.file, issue.line, issue.path, issue.message, issue.hint]),
      [
        [
          'playbooks/board.yaml',
          8,
          'steps.draft.context.findings[0]',
          'unknown step "reserch"',
          'did you mean "research"?',
        ],
      ],
    );
  });
});
