// Budgets from the CLI: a step budget stops a runaway agent loop with a status naming the limit, and
// `brigade resume --step-budget` goes on with a raised limit, replaying what was recorded.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteStore } from '../src/adapters/store-sqlite/create-sqlite-store.ts';
import type { RunId } from '../src/spec/index.ts';
import { createTempDirs, describeResult, parseJson, runBrigade, writeFiles } from './run-brigade.ts';

const temp = createTempDirs('brigade-budgets-');
after(() => temp.removeAll());

describe('budgets from the CLI', () => {
  it('a step budget pauses a runaway loop and names the limit; resume with a raised limit finishes it', async () => {
    const dir = temp.create();
    const lookups = Array.from({ length: 6 }, () => '    - - { tool: read_findings }').join('\n');
    writeFiles(dir, {
      'brigade.yaml': 'model: simulator:default\nsimulator: { latency_ms: 2 }\n',
      'agents/digger.yaml': `role: researcher\ninstructions: Keep looking.\nmax_steps: 20\nsimulate:\n  tool_calls:\n${lookups}\n`,
      'playbooks/dig.yaml': 'steps:\n  dig: { agent: digger, task: "dig", budget: { model_calls: 3 } }\n',
    });
    const first = await runBrigade(['run', 'dig'], { cwd: dir });
    assert.equal(first.code, 6, describeResult(first));
    assert.match(first.stderr, /paused: step dig reached its model calls limit \(3 of 3\)/);
    assert.match(first.stderr, /brigade resume r-\w+ --step-budget dig:model_calls=<more>/);
    const runId = /· (r-[a-z0-9]+)/.exec(first.stderr)![1]!;

    const typo = await runBrigade(['resume', runId, '--step-budget', 'dgi:model_calls=10'], { cwd: dir });
    assert.equal(typo.code, 2, describeResult(typo));
    assert.match(typo.stderr, /names step "dgi", which run r-\w+ does not have\n {2}hint: did you mean "dig"\?/);
    const raised = await runBrigade(['resume', runId, '--step-budget', 'dig:model_calls=10', '--json'], { cwd: dir });
    assert.equal(raised.code, 0, describeResult(raised));
    assert.equal(
      parseJson<{ status: string; modelCalls: number }>(raised).modelCalls,
      7,
      '3 recorded + 4 new, none repeated',
    );

    const store = createSqliteStore(join(dir, '.brigade', 'brigade.db'));
    const events = store.read(runId as RunId);
    await store.close();
    const pause = events.find((event) => event.type === 'run-pause');
    assert.ok(pause?.type === 'run-pause');
    assert.deepEqual(pause.limit, { scope: 'step', step: 'dig', unit: 'dig', limit: 'modelCalls', used: 3, max: 3 });
    const resume = events.find((event) => event.type === 'run-resume');
    assert.ok(resume?.type === 'run-resume');
    assert.deepEqual(resume.stepBudgets, { dig: { modelCalls: 10 } });
    assert.equal(events.filter((event) => event.type === 'model-response').length, 7);
  });

  it('rejects a malformed --budget with a hint', async () => {
    const dir = temp.create();
    writeFiles(dir, { 'brigade.yaml': 'model: simulator:default\n' });
    const bad = await runBrigade(['resume', 'r-x', '--budget', 'tokens=lots'], { cwd: dir });
    assert.equal(bad.code, 2, describeResult(bad));
    assert.match(bad.stderr, /--budget tokens=lots is not a positive number/);
  });
});
