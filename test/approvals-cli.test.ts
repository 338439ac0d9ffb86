// People in the loop, end to end: three parallel approvals paused in a real workspace, answered in
// reverse order from the CLI, one of them by a process killed with SIGKILL mid-way; each answer
// resumes exactly its own branch, and an edited approval changes what runs next.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteStore } from '../src/adapters/store-sqlite/create-sqlite-store.ts';
import type { RunEvent, RunId } from '../src/spec/index.ts';
import { createTempDirs, describeResult, parseJson, runBrigade, spawnBrigade, writeFiles } from './run-brigade.ts';

const temp = createTempDirs('brigade-approvals-');
after(() => temp.removeAll());

function workspace(): string {
  const dir = temp.create();
  writeFiles(dir, {
    'brigade.yaml': 'model: simulator:default\nsimulator: { latency_ms: 5 }\n',
    'agents/writer.yaml': 'role: writer\ninstructions: Write a short post.\n',
    // Publishing is slow, so a process can be killed while it publishes.
    'agents/publisher.yaml': 'role: publisher\ninstructions: Publish the post.\nsimulate: { latency_ms: 1500 }\n',
    'playbooks/posts.yaml': `name: posts
steps:
${['a', 'b', 'c']
  .map(
    (x) => `  write_${x}: { agent: writer, task: "post ${x}" }
  approve_${x}:
    approval: "Publish post ${x}?"
    content: "{{ steps.write_${x}.output }}"
    needs: [write_${x}]
  publish_${x}: { agent: publisher, needs: [approve_${x}], task: "publish: {{ steps.approve_${x}.output }}" }
`,
  )
  .join('')}`,
    'edited-a.txt': 'Post A, as edited by a person\n',
  });
  return dir;
}

function events(dir: string, runId: string): RunEvent[] {
  const store = createSqliteStore(join(dir, '.brigade', 'brigade.db'));
  try {
    return store.read(runId as RunId);
  } finally {
    void store.close();
  }
}

const started = (log: RunEvent[]) =>
  log.filter((event) => event.type === 'step-start').map((event) => (event as { step: string }).step);

describe('approvals from the CLI', () => {
  it('three parallel approvals, answered in reverse order, one after a kill -9; each resumes only its branch', async () => {
    const dir = workspace();
    const run = await runBrigade(['run', 'posts', '--json'], { cwd: dir });
    assert.equal(run.code, 6, describeResult(run));
    const paused = parseJson<{ runId: string; status: string; pause: { reason: string; waitingFor: string[] } }>(run);
    assert.equal(paused.status, 'paused');
    assert.deepEqual(paused.pause.waitingFor.toSorted(), ['approve_a', 'approve_b', 'approve_c']);
    const runId = paused.runId;

    const inbox = parseJson<Array<{ runId: string; id: string; kind: string; content: string; digest: string }>>(
      await runBrigade(['inbox', '--json'], { cwd: dir }),
    );
    assert.deepEqual(inbox.map((item) => item.id).toSorted(), ['approve_a', 'approve_b', 'approve_c']);
    assert.ok(inbox.every((item) => item.kind === 'step' && item.runId === runId && item.digest.startsWith('sha256:')));

    // c: approved; only publish_c runs, then the run pauses again on a and b.
    const c = await runBrigade(['approve', runId, 'approve_c', '--json'], { cwd: dir });
    assert.equal(c.code, 6, describeResult(c));
    let log = events(dir, runId);
    assert.ok(started(log).includes('publish_c'));
    assert.ok(!started(log).includes('publish_a') && !started(log).includes('publish_b'));

    // b: the approving process is killed with SIGKILL while publish_b runs; a restart finishes it.
    const b = spawnBrigade(['approve', runId, 'approve_b'], { cwd: dir });
    for (let i = 0; i < 400 && !started(events(dir, runId)).includes('publish_b'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    b.process.kill('SIGKILL');
    await b.done;
    log = events(dir, runId);
    assert.ok(started(log).includes('publish_b'), 'killed while publishing b');
    assert.ok(!log.some((event) => event.type === 'step-end' && event.step === 'publish_b'), 'publish_b was in flight');
    const resumed = await runBrigade(['resume', runId, '--json'], { cwd: dir });
    assert.equal(resumed.code, 6, describeResult(resumed));
    log = events(dir, runId);
    assert.ok(log.some((event) => event.type === 'step-end' && event.step === 'publish_b'));
    assert.ok(!started(log).includes('publish_a'), 'a still waits for its person');

    // a: approved with an edit; what runs next gets the edited content.
    const a = await runBrigade(['approve', runId, 'approve_a', '--edit', 'edited-a.txt', '--comment', 'tightened'], {
      cwd: dir,
    });
    assert.equal(a.code, 0, describeResult(a));
    log = events(dir, runId);
    const responses = log.filter((event) => event.type === 'approval-response');
    assert.deepEqual(
      responses.map((event) => event.id),
      ['approve_c', 'approve_b', 'approve_a'],
      'each decision recorded once, in the order made',
    );
    const publishA = log.find((event) => event.type === 'step-end' && event.step === 'publish_a');
    assert.ok(publishA);
    const end = log.at(-1)!;
    assert.equal(end.type === 'run-end' && end.status, 'succeeded');
    assert.deepEqual(
      log.map((event) => event.seq),
      log.map((_, index) => index + 1),
      'no gaps, no duplicates',
    );
    const show = await runBrigade(['show', runId, '--json'], { cwd: dir });
    const state = parseJson<{ state: { steps: Record<string, { output: unknown }> } }>(show).state;
    assert.equal(state.steps.approve_a!.output, 'Post A, as edited by a person');
  });

  it('refuses bad decisions with a clear error', async () => {
    const dir = workspace();
    const run = await runBrigade(['run', 'posts', '--json'], { cwd: dir });
    const { runId } = parseJson<{ runId: string }>(run);
    const unknown = await runBrigade(['approve', runId, 'approve_x'], { cwd: dir });
    assert.equal(unknown.code, 4, describeResult(unknown));
    assert.match(unknown.stderr, /no pending decision "approve_x"/);
    assert.match(unknown.stderr, /pending: approve_a, approve_b, approve_c|pending: .*approve_a/);
    const wrong = await runBrigade(['decide', runId, 'approve_a', 'provide'], { cwd: dir });
    assert.equal(wrong.code, 2, describeResult(wrong));
    assert.match(wrong.stderr, /cannot be answered with "provide"/);
  });

  it('refuses an invalid plan edit and an output that breaks the step schema, recording nothing', async () => {
    const dir = temp.create();
    writeFiles(dir, {
      'brigade.yaml': 'model: simulator:default\nsimulator: { latency_ms: 5 }\n',
      'agents/planner.yaml': 'role: planner\ninstructions: Plan.\n',
      'agents/writer.yaml': 'role: writer\ninstructions: Write.\n',
      'agents/checker.yaml': `role: checker
instructions: Check.
output_schema: { type: object, properties: { ok: { type: boolean } }, required: [ok] }
simulate: { fail: { times: 9, error: bad-request } }
`,
      'playbooks/plan.yaml':
        'steps:\n  campaign: { plan: planner, goal: "a campaign", team: [writer], approve: true }\n',
      'playbooks/check.yaml': 'steps:\n  check: { agent: checker, task: "check", on_error: escalate }\n',
      'bad-plan.json': JSON.stringify({ tasks: [{ id: 't1', agent: 'poet', instructions: 'x', dependsOn: [] }] }),
      'bad-output.json': JSON.stringify({ ok: 'yes' }),
      'good-output.json': JSON.stringify({ ok: true }),
    });
    const plan = await runBrigade(['run', 'plan', '--json'], { cwd: dir });
    assert.equal(plan.code, 6, describeResult(plan));
    const planRun = parseJson<{ runId: string }>(plan).runId;
    const before = events(dir, planRun).length;
    const badPlan = await runBrigade(['approve', planRun, 'campaign', '--edit', 'bad-plan.json'], { cwd: dir });
    assert.equal(badPlan.code, 2, describeResult(badPlan));
    assert.match(badPlan.stderr, /the edited plan of campaign is not valid; nothing was recorded/);
    assert.match(badPlan.stderr, /"poet", who is not on the team \(writer\)/);
    assert.equal(events(dir, planRun).length, before, 'nothing was recorded');

    const check = await runBrigade(['run', 'check', '--json'], { cwd: dir });
    assert.equal(check.code, 6, describeResult(check));
    const checkRun = parseJson<{ runId: string }>(check).runId;
    const badOutput = await runBrigade(['decide', checkRun, 'check', 'provide', '--edit', 'bad-output.json'], {
      cwd: dir,
    });
    assert.equal(badOutput.code, 2, describeResult(badOutput));
    assert.match(badOutput.stderr, /does not match its output schema; nothing was recorded/);
    const good = await runBrigade(['decide', checkRun, 'check', 'provide', '--edit', 'good-output.json', '--json'], {
      cwd: dir,
    });
    assert.equal(good.code, 0, describeResult(good));
    assert.deepEqual(parseJson<{ output: unknown }>(good).output, { ok: true });
  });
});
