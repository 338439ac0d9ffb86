import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledPlaybook, RunCommands, RunEvent, RunId, RunLeases, RunStore } from '../spec/index.ts';
import { asRunId, asStepId } from '../spec/index.ts';

/** A store under test, fresh for each case. */
export type StoreFactory = () => { store: RunStore & RunLeases & RunCommands; dispose(): void | Promise<void> };

const playbook: CompiledPlaybook = { name: 'contract', inputs: {}, steps: {} };

function startEvent(runId: RunId, seq = 1): RunEvent {
  return { type: 'run-start', runId, playbook, inputs: {}, models: [], dryRun: false, seq, at: 1000 };
}

/** The behaviour every RunStore adapter must show; each adapter's test calls this. */
export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`RunStore contract: ${name}`, () => {
    it('appends and reads events in order', async () => {
      const { store, dispose } = factory();
      const id = asRunId('r-order');
      await store.append(id, [startEvent(id)]);
      await store.append(id, [
        { type: 'step-skip', step: asStepId('a'), reason: 'x', seq: 2, at: 1001 },
        { type: 'run-end', status: 'succeeded', output: 'done', seq: 3, at: 1002 },
      ]);
      assert.deepEqual(
        store.read(id).map((event) => event.seq),
        [1, 2, 3],
      );
      assert.deepEqual(
        store.read(id, 2).map((event) => event.type),
        ['run-end'],
      );
      const summary = store.get(id);
      assert.equal(summary?.status, 'succeeded');
      assert.equal(summary?.lastSeq, 3);
      assert.equal(summary?.endedAt, 1002);
      await dispose();
    });

    it('rejects a gap or a duplicate and keeps the log unchanged', async () => {
      const { store, dispose } = factory();
      const id = asRunId('r-gap');
      await store.append(id, [startEvent(id)]);
      await assert.rejects(async () => store.append(id, [{ type: 'run-cancel', reason: 'x', seq: 3, at: 1 }]));
      await assert.rejects(async () => store.append(id, [startEvent(id)]));
      assert.equal(store.read(id).length, 1);
      await dispose();
    });

    it('rejects events for a run that never started', async () => {
      const { store, dispose } = factory();
      await assert.rejects(async () =>
        store.append(asRunId('nope'), [{ type: 'run-cancel', reason: 'x', seq: 1, at: 1 }]),
      );
      assert.equal(store.get(asRunId('nope')), undefined);
      await dispose();
    });

    it('lists runs newest first and filters by status', async () => {
      const { store, dispose } = factory();
      for (const [index, id] of ['r1', 'r2', 'r3'].entries()) {
        await store.append(asRunId(id), [{ ...startEvent(asRunId(id)), at: 1000 + index }]);
      }
      await store.append(asRunId('r2'), [{ type: 'run-end', status: 'failed', seq: 2, at: 2000 }]);
      assert.deepEqual(
        store.list().map((run) => run.id),
        ['r3', 'r2', 'r1'],
      );
      assert.deepEqual(
        store.list({ status: 'failed' }).map((run) => run.id),
        ['r2'],
      );
      assert.equal(store.list({ limit: 1 }).length, 1);
      await dispose();
    });

    it('gives a run to one live owner at a time', async () => {
      const { store, dispose } = factory();
      const id = asRunId('r-lease');
      assert.equal(store.acquire(id, 'this-host-unknown/1/a'), true);
      assert.equal(store.acquire(id, 'this-host-unknown/1/a'), true, 'the owner may take it again');
      assert.equal(store.acquire(id, 'this-host-unknown/2/b'), false, 'another live owner may not');
      store.release(id, 'this-host-unknown/1/a');
      assert.equal(store.acquire(id, 'this-host-unknown/2/b'), true);
      await dispose();
    });

    it('delivers commands once', async () => {
      const { store, dispose } = factory();
      const id = asRunId('r-cmd');
      assert.equal(store.hasPending(id), false);
      store.send(id, { type: 'cancel', reason: 'stop' });
      const decide = { type: 'decide', id: 'review', decision: 'approve', digest: 'sha256:00', by: 'ana' } as const;
      store.send(id, decide);
      assert.equal(store.hasPending(id), true);
      assert.equal(store.hasPending(asRunId('r-other')), false, 'commands belong to their run');
      assert.deepEqual(store.take(id), [{ type: 'cancel', reason: 'stop' }, decide], 'in the order sent');
      assert.deepEqual(store.take(id), []);
      assert.equal(store.hasPending(id), false);
      await dispose();
    });
  });
}
