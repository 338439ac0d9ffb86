import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { asRunId } from '../../spec/index.ts';
import { runStoreContract } from '../../testing/run-store-contract.ts';
import { createSqliteStore } from './create-sqlite-store.ts';

runStoreContract('sqlite (memory)', () => {
  const store = createSqliteStore(':memory:');
  return { store, dispose: () => store.close() };
});

runStoreContract('sqlite (file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-store-'));
  const store = createSqliteStore(join(dir, 'brigade.db'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store', () => {
  it('uses WAL with synchronous=FULL so commits survive a power cut', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brigade-store-'));
    const store = createSqliteStore(join(dir, 'brigade.db'));
    const { DatabaseSync } = await import('node:sqlite');
    const probe = new DatabaseSync(join(dir, 'brigade.db'));
    assert.equal((probe.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    probe.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a lease over from a dead process on this host', async () => {
    const store = createSqliteStore(':memory:');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const id = asRunId('r');
    assert.equal(store.acquire(id, `${hostname()}/${dead}/x`), true);
    assert.equal(store.acquire(id, `${hostname()}/${process.pid}/y`), true, 'the dead owner no longer holds it');
    assert.equal(store.acquire(id, `${hostname()}/${process.pid}/z`), false, 'a live owner keeps it');
    await store.close();
  });

  it('checkpoints the WAL into the database file once the writer is idle, not during commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brigade-store-'));
    const path = join(dir, 'brigade.db');
    const store = createSqliteStore(path);
    const id = asRunId('r-checkpoint');
    const playbook = { name: 'p', inputs: {}, steps: {} };
    await store.append(id, [
      { type: 'run-start', runId: id, playbook, inputs: {}, models: [], dryRun: false, seq: 1, at: 1 },
    ]);
    const events = Array.from({ length: 400 }, (_, index) => ({
      type: 'run-cancel' as const,
      reason: 'x'.repeat(500),
      seq: index + 2,
      at: 2,
    }));
    await store.append(id, events);
    const right = statSync(path).size;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = statSync(path).size;
    assert.ok(
      later > right + 100_000,
      `the database file grew from ${right} to ${later} bytes after an idle checkpoint`,
    );
    assert.equal(store.read(id).length, 401);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes leases and commands without waiting for the write lock of the event log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brigade-store-'));
    const path = join(dir, 'brigade.db');
    // No busy waiting at all: any lock conflict would throw SQLITE_BUSY at once.
    const store = createSqliteStore(path, { busyTimeoutMs: 0 });
    const { DatabaseSync } = await import('node:sqlite');
    const writer = new DatabaseSync(path);
    writer.exec('BEGIN IMMEDIATE'); // another writer holds the event log's lock
    const id = asRunId('r-lock');
    assert.equal(store.acquire(id, 'elsewhere/1/a'), true);
    store.send(id, { type: 'cancel', reason: 'now' });
    assert.deepEqual(store.take(id), [{ type: 'cancel', reason: 'now' }]);
    store.release(id, 'elsewhere/1/a');
    writer.exec('ROLLBACK');
    writer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
