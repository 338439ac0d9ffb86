import type { DatabaseSync } from 'node:sqlite';
import type { RunEvent } from '../../spec/index.ts';

/** One event ready to store: serialized once, on the thread that made it. */
export interface EventRow {
  seq: number;
  type: RunEvent['type'];
  at: number;
  json: string;
  /** The playbook's name, on `run-start`. */
  playbook?: string;
  /** The run's status from this event on: on `run-end`, `run-pause` and `run-resume`. */
  status?: string;
}

/** Events of one run to append; the seq of the first must follow the run's last. */
export interface AppendRequest {
  runId: string;
  rows: readonly EventRow[];
}

/** Serializes events for the writer. */
export function toRows(events: readonly RunEvent[]): EventRow[] {
  return events.map((event) => {
    const row: EventRow = { seq: event.seq, type: event.type, at: event.at, json: JSON.stringify(event) };
    if (event.type === 'run-start') row.playbook = event.playbook.name;
    if (event.type === 'run-end') row.status = event.status;
    else if (event.type === 'run-pause') row.status = 'paused';
    else if (event.type === 'run-resume') row.status = 'running';
    return row;
  });
}

/**
 * Writes batches of appends, each batch in one transaction (one fsync). Each append has its own
 * savepoint, so a bad one (a gap, a duplicate run) fails alone and the others commit.
 * Returns one outcome per append: null when written, else the error message.
 */
export function createBatchWriter(db: DatabaseSync): (batch: readonly AppendRequest[]) => Array<string | null> {
  const statements = {
    insertEvent: db.prepare('INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)'),
    insertRun: db.prepare('INSERT INTO runs (id, playbook, status, started_at, last_seq) VALUES (?, ?, ?, ?, 0)'),
    lastSeq: db.prepare('SELECT last_seq FROM runs WHERE id = ?'),
    updateSeq: db.prepare('UPDATE runs SET last_seq = ? WHERE id = ?'),
    updateRun: db.prepare('UPDATE runs SET last_seq = ?, status = ?, ended_at = ? WHERE id = ?'),
  };

  function write({ runId, rows }: AppendRequest): void {
    let last = (statements.lastSeq.get(runId) as { last_seq: number } | undefined)?.last_seq;
    let status: string | null = null;
    let endedAt: number | null = null;
    for (const row of rows) {
      if (row.type === 'run-start') {
        if (last !== undefined) throw new Error(`run ${runId} already exists`);
        statements.insertRun.run(runId, row.playbook ?? '', 'running', row.at);
        last = 0;
      }
      if (last === undefined) throw new Error(`run ${runId} has no run-start`);
      if (row.seq !== last + 1) throw new Error(`run ${runId}: event ${row.seq} does not follow ${last}`);
      statements.insertEvent.run(runId, row.seq, row.type, row.at, row.json);
      last = row.seq;
      if (row.status !== undefined) {
        status = row.status;
        endedAt = row.type === 'run-end' ? row.at : null;
      }
    }
    if (status === null) statements.updateSeq.run(last!, runId);
    else statements.updateRun.run(last!, status, endedAt, runId);
  }

  const savepoint = db.prepare('SAVEPOINT append');
  const release = db.prepare('RELEASE append');
  const rollback = db.prepare('ROLLBACK TO append');

  /** Writes requests in a savepoint; on failure undoes them and returns the error message. */
  function attempt(requests: readonly AppendRequest[]): string | null {
    savepoint.run();
    try {
      for (const request of requests) write(request);
      release.run();
      return null;
    } catch (error) {
      rollback.run();
      release.run();
      return error instanceof Error ? error.message : String(error);
    }
  }

  return (batch) => {
    const outcomes: Array<string | null> = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      // Consecutive appends of one run are written together (one lookup, one savepoint); if that
      // fails, they are retried one by one so only the bad append fails.
      for (let start = 0; start < batch.length; ) {
        let end = start + 1;
        while (end < batch.length && batch[end]!.runId === batch[start]!.runId) end++;
        const group = batch.slice(start, end);
        const merged =
          group.length > 1 ? { runId: group[0]!.runId, rows: group.flatMap((request) => request.rows) } : group[0]!;
        if (attempt([merged]) === null) outcomes.push(...group.map(() => null));
        else for (const request of group) outcomes.push(attempt([request]));
        start = end;
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return outcomes;
  };
}
