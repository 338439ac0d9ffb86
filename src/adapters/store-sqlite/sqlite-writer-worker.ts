// The writer thread of a file store: commits batches of appends so the main thread never waits on
// disk. Messages in: { id, batch }; out: { id, outcomes } or { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import { type AppendRequest, createBatchWriter } from './create-batch-writer.ts';
import { openDatabase } from './open-database.ts';

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
const db = openDatabase(path, busyTimeoutMs, true);
const writeBatch = createBatchWriter(db);

parentPort!.on('message', (message: { id: number; batch: AppendRequest[] } | 'close') => {
  if (message === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: message.id, outcomes: writeBatch(message.batch) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
