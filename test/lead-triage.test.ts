// The scaffold's lead-triage playbook end to end on the simulator: three agents start together and
// share findings, a route picks one sales path, the other paths are skipped, the handoff runs after.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RunEvent } from '../src/spec/index.ts';
import { createTempDirs, describeResult, parseJson, runBrigade } from './run-brigade.ts';

const temp = createTempDirs('brigade-lead-');
after(() => temp.removeAll());

const branches: Record<string, string> = {
  sales: 'demo_invite',
  partnerships: 'partner_intro',
  nurture: 'nurture_email',
};

describe('lead-triage (brigade init)', () => {
  it('runs on the simulator: parallel start, a finding, one branch, the others skipped, the handoff after', async () => {
    const cwd = temp.create();
    assert.equal((await runBrigade(['init', '.'], { cwd })).code, 0);
    const run = await runBrigade(['run', 'lead-triage', '--dry-run', '--sim-latency', '5', '--json'], { cwd });
    assert.equal(run.code, 0, describeResult(run));
    const { runId, output } = parseJson<{ runId: string; output: string }>(run);
    const show = await runBrigade(['show', runId, '--json'], { cwd });
    const events = parseJson<{ events: RunEvent[] }>(show).events;

    const starts = events.filter((event) => event.type === 'step-start').map((event) => event.step);
    assert.deepEqual(starts.slice(0, 3).sort(), ['personalize', 'qualify', 'signals'], 'the three start together');
    const firstEnd = events.findIndex((event) => event.type === 'step-end');
    const thirdStart = events.findIndex((event) => event.type === 'step-start' && event.step === starts[2]);
    assert.ok(thirdStart < firstEnd, 'all three started before any ended');
    assert.ok(
      events.some((event) => event.type === 'finding-share' && event.step === 'qualify'),
      'the qualifier shares a finding on the board',
    );

    const route = events.find((event) => event.type === 'step-end' && event.step === 'path');
    assert.ok(route?.type === 'step-end');
    const chosen = (route.output as { branch: string }).branch;
    assert.ok(Object.hasOwn(branches, chosen), `the route chose a branch it has, not "${chosen}"`);
    const skips = events.flatMap((event) => (event.type === 'step-skip' ? [[event.step, event.reason]] : []));
    assert.deepEqual(
      skips,
      Object.entries(branches)
        .filter(([name]) => name !== chosen)
        .map(([, step]) => [step, `route path chose ${chosen}`]),
    );
    const ended = events.flatMap((event) => (event.type === 'step-end' ? [event.step] : []));
    assert.deepEqual(ended.slice(-2), [branches[chosen], 'handoff']);
    assert.match(output, new RegExp(`^Path: ${chosen} `, 'm'));
  });
});
