// A run paused by another executor (as `brigade run` leaves one) is resumed through the API with a
// raised budget, followed over SSE from the store, decided through the API, and ends.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startTestServer } from './server-harness.ts';

let t: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

it('resumes a paused run through the API, streams it, and a decision finishes it', async () => {
  // Started the way the CLI starts it: it pauses at the review and lets the run go.
  const handle = await t.runtime.startRun('content-launch', {}, { dryRun: true, whenBlocked: 'pause' });
  const paused = await handle.done;
  assert.equal(paused.status, 'paused');
  const runId = handle.runId;
  const inbox = await t.api.inbox();
  assert.ok(inbox.some((item) => item.runId === runId && item.id === 'review' && item.runStatus === 'paused'));
  await t.api.resumeRun(runId, { budget: { tokens: 1_000_000 }, stepBudgets: { draft: { modelCalls: 10 } } });
  const resumed = await t.api.getRun(runId);
  assert.equal(resumed.run.status, 'running');
  await assert.rejects(t.api.resumeRun(runId), { code: 'RUN_BUSY', status: 409 });
  const types: string[] = [];
  const seqs: number[] = [];
  for await (const message of t.api.events(runId, { after: paused.lastSeq ?? 0 })) {
    if (message.kind !== 'event') continue;
    types.push(message.event.type);
    seqs.push(message.event.seq);
    if (message.event.type === 'run-resume') {
      assert.equal((await t.api.decide(runId, 'review', { decision: 'approve' })).outcome, 'delivered');
    }
  }
  assert.equal(types[0], 'run-resume');
  assert.ok(types.includes('approval-response'));
  assert.equal(types.at(-1), 'run-end');
  assert.deepEqual(
    seqs,
    seqs.map((_, index) => seqs[0]! + index),
  );
  assert.equal((await t.api.getRun(runId)).run.status, 'succeeded');
});
