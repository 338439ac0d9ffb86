import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type {
  RunCommand,
  RunCommands,
  RunEvent,
  RunId,
  RunLeases,
  RunStatus,
  RunStore,
  RunSummary,
} from '../../spec/index.ts';
import { isOwnerAlive } from './is-owner-alive.ts';
import { migrate } from './migrate.ts';

/** The run store, leases and command queue over one SQLite file. */
export interface SqliteStore extends RunStore, RunLeases, RunCommands {
  readonly path: string;
  close(): void;
}

interface RunRow {
  id: string;
  playbook: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  last_seq: number;
  owner: string | null;
}

/**
 * Opens (creating if needed) the store at `path`, or in memory for `:memory:`.
 * Durability: WAL with synchronous=FULL, so a committed append survives a power cut.
 * @example
 * const store = createSqliteStore('.brigade/brigade.db');
 */
export function createSqliteStore(path: string, options: { busyTimeoutMs?: number } = {}): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  migrate(db);

  const statements = {
    insertEvent: db.prepare('INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)'),
    insertRun: db.prepare('INSERT INTO runs (id, playbook, status, started_at, last_seq) VALUES (?, ?, ?, ?, 0)'),
    lastSeq: db.prepare('SELECT last_seq FROM runs WHERE id = ?'),
    updateSeq: db.prepare('UPDATE runs SET last_seq = ? WHERE id = ?'),
    updateRun: db.prepare('UPDATE runs SET last_seq = ?, status = ?, ended_at = ? WHERE id = ?'),
    readEvents: db.prepare('SELECT data FROM events WHERE run_id = ? AND seq > ? ORDER BY seq'),
    getRun: db.prepare('SELECT r.*, l.owner FROM runs r LEFT JOIN leases l ON l.run_id = r.id WHERE r.id = ?'),
    listRuns: db.prepare(
      'SELECT r.*, l.owner FROM runs r LEFT JOIN leases l ON l.run_id = r.id ORDER BY r.started_at DESC, r.id DESC LIMIT ?',
    ),
    listRunsByStatus: db.prepare(
      'SELECT r.*, l.owner FROM runs r LEFT JOIN leases l ON l.run_id = r.id WHERE r.status = ? ORDER BY r.started_at DESC, r.id DESC LIMIT ?',
    ),
    getLease: db.prepare('SELECT owner FROM leases WHERE run_id = ?'),
    putLease: db.prepare('INSERT OR REPLACE INTO leases (run_id, owner, acquired_at) VALUES (?, ?, ?)'),
    deleteLease: db.prepare('DELETE FROM leases WHERE run_id = ? AND owner = ?'),
    insertCommand: db.prepare('INSERT INTO commands (run_id, body) VALUES (?, ?)'),
    takeCommands: db.prepare('DELETE FROM commands WHERE run_id = ? RETURNING body'),
  } satisfies Record<string, StatementSync>;

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  function toSummary(row: RunRow): RunSummary {
    return {
      id: row.id as RunId,
      playbook: row.playbook,
      status: row.status as RunStatus,
      startedAt: row.started_at,
      ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
      lastSeq: row.last_seq,
      ...(row.owner === null || !isOwnerAlive(row.owner) ? {} : { owner: row.owner }),
    };
  }

  /** Writes one run's events inside the open transaction; throws (and writes nothing) on a gap. */
  function write(runId: RunId, events: readonly RunEvent[]): void {
    let last = (statements.lastSeq.get(runId) as { last_seq: number } | undefined)?.last_seq;
    let status: string | null = null;
    let endedAt: number | null = null;
    for (const event of events) {
      if (event.type === 'run-start') {
        if (last !== undefined) throw new Error(`run ${runId} already exists`);
        statements.insertRun.run(runId, event.playbook.name, 'running', event.at);
        last = 0;
      }
      if (last === undefined) throw new Error(`run ${runId} has no run-start`);
      if (event.seq !== last + 1) throw new Error(`run ${runId}: event ${event.seq} does not follow ${last}`);
      statements.insertEvent.run(runId, event.seq, event.type, event.at, JSON.stringify(event));
      last = event.seq;
      if (event.type === 'run-end') {
        status = event.status;
        endedAt = event.at;
      }
    }
    if (status === null) statements.updateSeq.run(last!, runId);
    else statements.updateRun.run(last!, status, endedAt, runId);
  }

  // Group commit: every append made during one turn of the event loop goes into one transaction
  // (one fsync), committed before the next turn; each append keeps its own savepoint so a bad one
  // fails alone.
  let queue: Array<{
    runId: RunId;
    events: readonly RunEvent[];
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];
  function commitQueued(): void {
    const batch = queue;
    queue = [];
    const outcomes: Array<unknown> = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        db.exec('SAVEPOINT append');
        try {
          write(item.runId, item.events);
          db.exec('RELEASE append');
          outcomes.push(null);
        } catch (error) {
          db.exec('ROLLBACK TO append');
          db.exec('RELEASE append');
          outcomes.push(error ?? new Error('append failed'));
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === null) item.resolve();
      else item.reject(outcome);
    });
  }

  return {
    path,
    append(runId, events) {
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (queue.length === 0) setImmediate(commitQueued);
        queue.push({ runId, events, resolve, reject });
      });
    },
    read(runId, afterSeq = 0) {
      const rows = statements.readEvents.all(runId, afterSeq) as Array<{ data: string }>;
      return rows.map((row) => JSON.parse(row.data) as RunEvent);
    },
    get(runId) {
      const row = statements.getRun.get(runId) as RunRow | undefined;
      return row ? toSummary(row) : undefined;
    },
    list(filter = {}) {
      const limit = filter.limit ?? 100;
      const rows = (filter.status
        ? statements.listRunsByStatus.all(filter.status, limit)
        : statements.listRuns.all(limit)) as unknown as RunRow[];
      return rows.map(toSummary);
    },
    acquire(runId, owner) {
      return transaction(() => {
        const current = (statements.getLease.get(runId) as { owner: string } | undefined)?.owner;
        if (current !== undefined && current !== owner && isOwnerAlive(current)) return false;
        statements.putLease.run(runId, owner, Date.now());
        return true;
      });
    },
    release(runId, owner) {
      statements.deleteLease.run(runId, owner);
    },
    send(runId: RunId, command: RunCommand) {
      statements.insertCommand.run(runId, JSON.stringify(command));
    },
    take(runId) {
      const rows = statements.takeCommands.all(runId) as Array<{ body: string }>;
      return rows.map((row) => JSON.parse(row.body) as RunCommand);
    },
    close() {
      db.close();
    },
  };
}

/** This process as a lease owner: host, pid and a random tag (pids get reused). */
export function processOwner(): string {
  return `${hostname()}/${process.pid}/${Math.random().toString(36).slice(2, 8)}`;
}
