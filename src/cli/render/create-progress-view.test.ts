import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway } from '../../testing/fake-model-gateway.ts';
import { createProgressView } from './create-progress-view.ts';
import { color } from './format.ts';

const clearLine = `${String.fromCharCode(27)}[2K`;
const task = (id: string, agent: string, dependsOn: string[] = []) => ({
  id,
  agent,
  instructions: `do ${id}`,
  dependsOn,
});

async function planRun() {
  const fake = createFakeModelGateway((request) =>
    request.origin.unit === 'campaign'
      ? { object: { tasks: [task('t1', 'researcher'), task('t2', 'writer', ['t1'])], cancel: [], done: true } }
      : { text: 'ok' },
  );
  const { engine, store } = createTestEngine({ models: fake.gateway });
  const playbook = buildPlaybook({
    campaign: { kind: 'plan', team: [{ name: 'researcher' }, { name: 'writer' }] },
    publish: { needs: ['campaign'] },
  });
  const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
  const state = await handle.done;
  return { state, events: store.read(handle.runId) };
}

describe('progress view', () => {
  it('draws a plan’s tasks as steps, right under their plan step', async () => {
    const { state, events } = await planRun();
    let out = '';
    const view = createProgressView({
      write: (text) => {
        out += text;
      },
      live: true,
      colors: color(false),
      now: () => 0,
    });
    view.onEvent(events.at(-1)!, state);
    view.stop();
    const labels = out
      .split('\n')
      .map((line) => line.replaceAll(clearLine, '').split(/\s+/)[1])
      .filter(Boolean);
    assert.deepEqual(labels, ['campaign', 'campaign.t1', 'campaign.t2', 'publish']);
  });

  it('prints plan rounds in line mode', async () => {
    const { state, events } = await planRun();
    let out = '';
    const view = createProgressView({
      write: (text) => {
        out += text;
      },
      live: false,
      colors: color(false),
      now: () => 0,
    });
    for (const event of events) view.onEvent(event, state);
    assert.match(out, /plan {3}campaign round 1: \+t1 \(researcher\), t2 \(writer\); runs t1, t2; done/);
    assert.match(out, /start {2}campaign\.t2 \(writer, fake:model\)/);
    assert.match(out, /plan {3}campaign ended \(done\) after 1 rounds, 2 tasks/);
  });
});
