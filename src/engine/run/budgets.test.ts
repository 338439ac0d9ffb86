import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent, RunEventOf } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createFakeTools, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/** An agent that keeps calling a tool until its 8th turn: a runaway loop unless something stops it. */
const runaway = () =>
  createFakeModelGateway((request) =>
    request.origin.unit === 'loop' && request.origin.turn < 7 ? { toolCalls: [{ tool: 'search', input: {} }] } : {},
  );
const tools = () => createFakeTools({ search: () => ({ ok: true, output: 'more results' }) });

describe('budgets', () => {
  it('a step budget stops a runaway agent loop and says which limit; a raised limit resumes it without repeating calls', async () => {
    const fake = runaway();
    const { engine, store } = createTestEngine({ models: fake.gateway, tools: tools().tools });
    const playbook = buildPlaybook({
      loop: { agent: { tools: ['search'], maxSteps: 20 }, budget: { modelCalls: 3 } },
      after: { needs: ['loop'] },
    });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.deepEqual(paused.pause?.limit, {
      scope: 'step',
      step: 'loop',
      unit: 'loop',
      limit: 'modelCalls',
      used: 3,
      max: 3,
    });
    assert.equal(fake.calls.length, 3, 'no call past the limit');
    assert.equal(ofType(store.read(handle.runId), 'step-error').length, 0, 'a budget is not a step failure');
    assert.equal(store.get(handle.runId)?.status, 'paused');

    // Resuming with the same limit stops again at once; a raised one lets the loop finish.
    const again = await (await engine.resumeRun(handle.runId, 'try again')).done;
    assert.equal(again.status, 'paused');
    assert.equal(fake.calls.length, 3);
    const resumed = await engine.resumeRun(handle.runId, 'raised', { stepBudgets: { loop: { modelCalls: 20 } } });
    const state = await resumed.done;
    assert.equal(state.status, 'succeeded');
    assert.equal(
      fake.calls.filter((call) => call.request.origin.unit === 'loop').length,
      8,
      'recorded turns were replayed, not repeated',
    );
    assert.equal(state.units.get('loop')!.modelCalls, 8);
  });

  it('a run budget on tokens pauses the whole run; raising it on resume lets it end', async () => {
    const fake = runaway();
    const { engine } = createTestEngine({ models: fake.gateway, tools: tools().tools });
    const playbook = buildPlaybook({ loop: { agent: { tools: ['search'], maxSteps: 20 } }, side: {} });
    playbook.budget = { tokens: 40 }; // the fake reports 15 tokens a call
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.equal(paused.pause?.limit?.scope, 'run');
    assert.equal(paused.pause?.limit?.limit, 'tokens');
    assert.ok(
      paused.pause!.limit!.used >= 40 && paused.totals.modelCalls <= 4,
      `stopped at ${paused.pause!.limit!.used} tokens`,
    );
    const state = await (await engine.resumeRun(handle.runId, 'raised', { budget: { tokens: 1000 } })).done;
    assert.equal(state.status, 'succeeded');
    assert.equal(state.budget.tokens, 1000);
  });

  it('a run time budget pauses a run that is waiting on a slow model', async () => {
    const fake = createFakeModelGateway(() => ({ delayMs: 5000 }));
    const { engine } = createTestEngine({ models: fake.gateway });
    const playbook = buildPlaybook({ slow: {} });
    playbook.budget = { timeMs: 100 };
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.equal(paused.pause?.limit?.limit, 'timeMs');
    assert.ok(paused.activeMs >= 100, 'the paused run counted its working time');
  });
});
