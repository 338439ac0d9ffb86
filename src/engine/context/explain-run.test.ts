import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExplainedPlaybook } from '../../testing/run-explained-playbook.ts';
import { estimateTokens } from './estimate-tokens.ts';
import { explainRun } from './explain-run.ts';

describe('explainRun', () => {
  it('tells each unit from the log: who, system prompt, task, context, turns, tool results, findings, outcome', async () => {
    const { events, runId, requests } = await runExplainedPlaybook();
    const explanation = explainRun(events);
    assert.equal(explanation.runId, runId);
    assert.equal(explanation.status, 'succeeded');
    assert.equal(explanation.dryRun, true);
    assert.deepEqual(explanation.steps, [{ step: 'skipped', status: 'skipped', reason: 'when: false is false' }]);
    assert.deepEqual(
      explanation.units.map((unit) => [unit.unit, unit.status, unit.attempts.length]),
      [
        ['research', 'succeeded', 1],
        ['write', 'succeeded', 2],
      ],
    );

    const [research] = explanation.units[0]!.attempts;
    const first = requests.find((request) => request.origin.unit === 'research')!;
    assert.equal(research!.agent, 'researcher');
    assert.equal(research!.model, 'fake:model');
    assert.equal(research!.contextWindow, 32_000);
    assert.equal(research!.system, first.system);
    assert.equal(research!.task, 'do research');
    assert.deepEqual(research!.tools, ['lookup', 'share_finding', 'read_findings']);
    assert.deepEqual(
      research!.entries.map((entry) => entry.type),
      ['model-turn', 'finding-share', 'tool-result', 'tool-result', 'model-turn'],
    );
    assert.deepEqual(research!.outcome, { status: 'succeeded', output: `FACTS ${'x'.repeat(2_000)}` });

    const [failed, retried] = explanation.units[1]!.attempts;
    assert.deepEqual(failed!.outcome, {
      status: 'failed',
      error: { code: 'server', message: 'HTTP 500', retryable: true },
      decision: 'retry',
    });
    for (const attempt of [failed!, retried!]) {
      assert.equal(attempt.task, 'Write about budgets');
      const [steps, findings] = attempt.entries;
      assert.equal(steps?.type === 'context' && steps.source, 'steps');
      assert.equal(steps?.type === 'context' && steps.trim?.rule, 'cut-outputs');
      assert.equal(findings?.type === 'context' && findings.source, 'findings');
      assert.deepEqual(findings?.type === 'context' && findings.findingIds, ['f1']);
      // Before turn 0 the digest takes its share of the budget (up to half); the outputs get the rest.
      assert.equal(
        steps?.type === 'context' && findings?.type === 'context' && steps.trim!.budgetTokens,
        200 - estimateTokens(findings?.type === 'context' ? findings.text : ''),
      );
    }
    // What the explanation says the retried attempt was shown is what the model got.
    const sent = requests.filter((request) => request.origin.unit === 'write' && request.origin.attempt === 2)[0]!;
    const shown = retried!.entries.flatMap((entry) => (entry.type === 'context' ? [entry.text] : []));
    assert.deepEqual(
      sent.messages.map((message) => (message.role === 'user' ? message.content : message.role)),
      [retried!.task, ...shown],
    );
  });
});
