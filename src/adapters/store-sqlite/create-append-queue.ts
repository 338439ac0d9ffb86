import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { RunEvent, RunId, Urgency } from '../../spec/index.ts';
import { type AppendRequest, createBatchWriter, toRows } from './create-batch-writer.ts';

interface Pending extends AppendRequest {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Appends, committed in groups; `close` waits for what is in flight. */
export interface AppendQueue {
  append(runId: RunId, events: readonly RunEvent[], options?: { urgency?: Urgency }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Group commit. For a file, a writer thread commits: the appends of one event-loop turn go to it as
 * one message, and whatever reaches it while it makes a transaction durable goes into the next one,
 * so the main thread does not block on fsync. When someone waits for an append and the writer is
 * idle, this thread commits it at once instead (two thread hand-offs cost more than the commit).
 * For `:memory:` (one connection only), appends of one event-loop turn are committed together here.
 */
export function createAppendQueue(db: DatabaseSync, path: string, busyTimeoutMs: number): AppendQueue {
  let queue: Pending[] = [];
  const settle = (batch: Pending[], outcomes: Array<string | null>) =>
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === null) item.resolve();
      else item.reject(new Error(outcome ?? 'append failed'));
    });

  if (path === ':memory:') {
    const writeBatch = createBatchWriter(db);
    const commit = () => {
      const batch = queue;
      queue = [];
      try {
        settle(batch, writeBatch(batch));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    };
    return {
      append(runId, events) {
        // One connection, committing on this thread: always at the end of the turn.
        if (events.length === 0) return Promise.resolve();
        return new Promise((resolve, reject) => {
          if (queue.length === 0) setImmediate(commit);
          queue.push({ runId, rows: toRows(events), resolve, reject });
        });
      },
      close: () => Promise.resolve(),
    };
  }

  // Urgent appends while the writer thread is idle are committed here, on this connection: the two
  // thread hand-offs cost more than the commit, and an idle writer holds no lock to wait for.
  const writeHere = createBatchWriter(db);
  function commitHere(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    queuedRows = 0;
    try {
      settle(batch, writeHere(batch));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  // The writer thread starts with the first append: stores that only read never pay for it.
  let writer: Worker | null = null;
  const startWriter = (): Worker => {
    const started = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
      workerData: { path, busyTimeoutMs },
    });
    started.unref();
    started.on('message', onMessage);
    started.on('error', onError);
    return started;
  };
  const inFlight = new Map<number, Pending[]>();
  let nextId = 1;
  let queuedRows = 0;
  const handOffRows = 64;
  let scheduled = false;
  let failure: Error | null = null;
  let drained: (() => void) | null = null;

  /** Someone waits: commit here when the writer is idle, else hand over at once. */
  function hurry(): void {
    if (inFlight.size === 0) commitHere();
    else dispatch();
  }

  function dispatch(): void {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    queuedRows = 0;
    const id = nextId++;
    inFlight.set(id, batch);
    writer ??= startWriter();
    writer.ref(); // keep the process alive until the batch is durable
    writer.postMessage({ id, batch: batch.map(({ runId, rows }) => ({ runId, rows })) });
  }

  function onMessage(message: { id: number; outcomes?: Array<string | null>; error?: string }): void {
    const batch = inFlight.get(message.id) ?? [];
    inFlight.delete(message.id);
    if (message.outcomes) settle(batch, message.outcomes);
    else for (const item of batch) item.reject(new Error(message.error ?? 'commit failed'));
    if (inFlight.size === 0 && queue.length === 0) {
      writer?.unref();
      drained?.();
    }
  }
  function onError(error: Error): void {
    failure = error;
    for (const batch of inFlight.values()) for (const item of batch) item.reject(error);
    for (const item of queue) item.reject(error);
    inFlight.clear();
    queue = [];
    drained?.();
  }

  return {
    append(runId, events, options) {
      if (failure) return Promise.reject(failure);
      if (events.length === 0) {
        if (options?.urgency && queue.length > 0) hurry();
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        queue.push({ runId, rows: toRows(events), resolve, reject });
        queuedRows += events.length;
        // The appends of this turn go to the writer together (it merges what arrives while it
        // commits); a hurried one (someone waits) goes now, with whatever is queued, and so
        // does a long queue, so the writer works while this thread is still busy.
        if (options?.urgency) hurry();
        else if (queuedRows >= handOffRows) dispatch();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(dispatch);
        }
      });
    },
    async close() {
      if (inFlight.size > 0 || queue.length > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
        });
      }
      if (failure || !writer) return;
      const closing = writer;
      closing.ref(); // keep the process alive until the writer has closed its connection
      const exited = new Promise((resolve) => closing.once('exit', resolve));
      closing.postMessage('close');
      await exited;
    },
  };
}
