import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulationOf } from './simulation-of.ts';

const model = (simulated: boolean) => ({
  model: 'openai:gpt-5-mini',
  servedBy: simulated ? 'simulator' : 'openai',
  simulated,
});

test('a run is simulated when it is a dry run, or when its models are (no key set), in part when some are', () => {
  assert.equal(simulationOf({ dryRun: true, models: [model(false)] }), 'all');
  assert.equal(simulationOf({ dryRun: false, models: [model(true), model(true)] }), 'all');
  assert.equal(simulationOf({ dryRun: false, models: [model(true), model(false)] }), 'some');
  assert.equal(simulationOf({ dryRun: false, models: [model(false)] }), 'none');
  assert.equal(simulationOf({ dryRun: false, models: [] }), 'none');
});
