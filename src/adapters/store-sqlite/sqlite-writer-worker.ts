// The writer thread of a file store: commits appends so the main thread never waits on disk.
// Messages that arrive while a commit runs are committed together in the next transaction (group
// commit happens here, where the disk is, without waiting for the main thread to ask again).
// In: { id, batch } or 'close'; out: { id, outcomes } or { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import { type AppendRequest, createBatchWriter } from './create-batch-writer.ts';
import { openDatabase } from './open-database.ts';

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
const db = openDatabase(path, busyTimeoutMs, true);
// Checkpoints (copying the WAL into the database file, with fsyncs) run when the writer is idle,
// not inside whichever commit crosses SQLite's threshold; under constant load, every 20,000 events.
db.exec('PRAGMA wal_autocheckpoint = 0');
const checkpointStatement = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const idleCheckpointMs = 250;
const maxRowsBetweenCheckpoints = 20_000;
let rowsSinceCheckpoint = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const writeBatch = createBatchWriter(db);

function checkpoint(): void {
  rowsSinceCheckpoint = 0;
  checkpointStatement.get();
}
let pending: Array<{ id: number; batch: AppendRequest[] }> = [];
let closing = false;

function commitPending(): void {
  const messages = pending;
  pending = [];
  try {
    const batch = messages.flatMap((message) => message.batch);
    const outcomes = writeBatch(batch);
    for (const request of batch) rowsSinceCheckpoint += request.rows.length;
    let offset = 0;
    for (const message of messages) {
      parentPort!.postMessage({ id: message.id, outcomes: outcomes.slice(offset, offset + message.batch.length) });
      offset += message.batch.length;
    }
  } catch (error) {
    for (const message of messages) {
      parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (closing && pending.length === 0) shutDown();
  else if (pending.length === 0) {
    if (rowsSinceCheckpoint > maxRowsBetweenCheckpoints) checkpoint();
    else
      idleTimer ??= setTimeout(() => {
        idleTimer = undefined;
        checkpoint();
      }, idleCheckpointMs);
  }
}

function shutDown(): void {
  if (idleTimer) clearTimeout(idleTimer);
  db.close();
  parentPort!.close();
}

parentPort!.on('message', (message: { id: number; batch: AppendRequest[] } | 'close') => {
  if (message === 'close') {
    closing = true;
    if (pending.length === 0) shutDown();
    return;
  }
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (pending.length === 0) setImmediate(commitPending);
  pending.push(message);
});
