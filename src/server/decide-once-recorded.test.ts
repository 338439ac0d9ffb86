import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunHandle } from '../engine/create-engine.ts';
import type { Runtime } from '../runtime/open-runtime.ts';
import { asRunId, BrigadeError } from '../spec/index.ts';
import { decideOnceRecorded } from './decide-once-recorded.ts';

const runId = asRunId('r-test');
const request = { runId, target: 'review', decision: 'approve' as const, by: 'api' };
const notFound = () => new BrigadeError('APPROVAL_NOT_FOUND', `run ${runId} has no pending decision "review"`);

/** A runtime whose log gets the request only after `misses` tries, as when a commit is a few ms behind. */
function runtimeAfter(misses: number) {
  let calls = 0;
  const runtime: Pick<Runtime, 'decide'> = {
    async decide() {
      calls += 1;
      if (calls <= misses) throw notFound();
      return { delivered: true };
    },
  };
  return { runtime, calls: () => calls };
}

function ownedWith(status: 'pending' | 'decided' | undefined) {
  const approvals = new Map(status ? [['review', { id: 'review', step: 'review', status }]] : []);
  return { get: () => ({ state: { approvals } }) as unknown as RunHandle };
}

test('a decision on a request the live run holds but the log has not yet got waits for it, then goes through', async () => {
  const { runtime, calls } = runtimeAfter(3);
  assert.deepEqual(await decideOnceRecorded(runtime, ownedWith('pending'), request), { delivered: true });
  assert.equal(calls(), 4);
});

test('a decision on a request the live run does not hold pending is refused at once', async () => {
  for (const owned of [ownedWith('decided'), ownedWith(undefined), { get: () => undefined }]) {
    const { runtime, calls } = runtimeAfter(3);
    await assert.rejects(decideOnceRecorded(runtime, owned, request), /no pending decision/);
    assert.equal(calls(), 1);
  }
});

test('other refusals are not retried', async () => {
  let calls = 0;
  const runtime: Pick<Runtime, 'decide'> = {
    async decide() {
      calls += 1;
      throw new BrigadeError('USAGE', 'approve carries no content here');
    },
  };
  await assert.rejects(decideOnceRecorded(runtime, ownedWith('pending'), request), /no content/);
  assert.equal(calls, 1);
});
