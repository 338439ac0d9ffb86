import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openRunStore } from '../../runtime/open-run-store.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway } from '../../testing/fake-model-gateway.ts';
import type { CliContext } from '../cli-context.ts';
import { color } from '../render/format.ts';
import { showCommand } from './show-command.ts';

const task = (id: string, agent: string, dependsOn: string[] = []) => ({
  id,
  agent,
  instructions: `do ${id}`,
  dependsOn,
});
const answers = [
  { tasks: [task('t1', 'designer')], cancel: [], done: false },
  {
    tasks: [task('t1', 'researcher'), task('t2', 'researcher'), task('t3', 'writer', ['t1', 't2'])],
    cancel: [],
    done: false,
  },
  { tasks: [task('t4', 'writer', ['t1'])], cancel: [{ id: 't3', reason: 'not needed' }], done: true },
];

describe('brigade show', () => {
  it('prints a run’s plan: rounds, rejected answers, tasks with agents, dependencies and status', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brigade-show-'));
    try {
      writeFileSync(join(root, 'brigade.yaml'), 'name: test\n');
      mkdirSync(join(root, '.brigade'));
      const store = openRunStore({ cwd: root });
      const fake = createFakeModelGateway((request) =>
        request.origin.unit === 'campaign' ? { object: answers[request.origin.turn]! } : { text: 'ok' },
      );
      const { engine } = createTestEngine({ models: fake.gateway, store });
      const playbook = buildPlaybook({
        campaign: { kind: 'plan', team: [{ name: 'researcher' }, { name: 'writer' }], goal: 'Launch the product' },
        publish: { needs: ['campaign'] },
      });
      const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
      assert.equal((await handle.done).status, 'succeeded');
      await store.close();

      let out = '';
      const context: CliContext = {
        cwd: root,
        env: {},
        stdout: (text) => {
          out += text;
        },
        stderr: () => {},
        tty: false,
        columns: 120,
        rows: 40,
        colors: color(false),
        onInterrupt: () => () => {},
      };
      assert.equal(await showCommand([handle.runId], context), 0);
      const lines = out.split('\n');
      // Tasks are units of the run, listed right after their plan step.
      const units = lines.map((line) => line.split(/\s+/)[0]);
      const at = (unit: string) => units.indexOf(unit);
      assert.ok(at('campaign') < at('campaign.t1') && at('campaign.t4') < at('publish'), out);
      assert.match(out, /Plan campaign \(2 rounds, ended: the planner said done\)/);
      assert.match(out, /goal: Launch the product/);
      assert.match(out, /round 1: added t1, t2, t3; ran t1, t2\n\s+answer 1 rejected: task t1 names agent "designer"/);
      assert.match(out, /round 2: added t4; cancelled t3; ran t4; done/);
      assert.match(out, /t3\s+writer\s+1\s+t1, t2\s+cancelled \(not needed\)/);
      assert.match(out, /t4\s+writer\s+2\s+t1\s+succeeded/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
