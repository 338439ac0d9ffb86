import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
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
import { createAppendQueue } from './create-append-queue.ts';
import { isOwnerAlive } from './is-owner-alive.ts';
import { coordinationMigrations, eventLogMigrations, migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';

/** The run store, leases and command queue over one SQLite file. */
export interface SqliteStore extends RunStore, RunLeases, RunCommands {
  readonly path: string;
  /** Waits for appends in flight, then closes. */
  close(): Promise<void>;
}

interface RunRow {
  id: string;
  playbook: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  last_seq: number;
}

/**
 * Opens (creating if needed) the store at `path`, or in memory for `:memory:`.
 * Durability: WAL with synchronous=FULL, so a committed append survives a power cut.
 * @example
 * const store = createSqliteStore('.brigade/brigade.db');
 */
export function createSqliteStore(path: string, options: { busyTimeoutMs?: number } = {}): SqliteStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  // This connection reads, and commits events itself when someone waits and the writer thread is
  // idle (see createAppendQueue): so it commits durably too.
  const db = openDatabase(path, busyTimeoutMs, true);
  migrate(db, eventLogMigrations);
  // Leases and cancel requests live in a database of their own: writing them must never wait for
  // (or hold up) the event writer's lock, and SQLite's busy handler sleeps whole milliseconds.
  const coordination = openDatabase(
    path === ':memory:' ? ':memory:' : join(dirname(path), 'coordination.db'),
    busyTimeoutMs,
    false,
  );
  migrate(coordination, coordinationMigrations);
  let closed = false;
  const appends = createAppendQueue(db, path, busyTimeoutMs);

  const statements = {
    readEvents: db.prepare('SELECT data FROM events WHERE run_id = ? AND seq > ? ORDER BY seq'),
    getRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?'),
    listRunsByStatus: db.prepare('SELECT * FROM runs WHERE status = ? ORDER BY started_at DESC, id DESC LIMIT ?'),
    getLease: coordination.prepare('SELECT owner FROM leases WHERE run_id = ?'),
    allLeases: coordination.prepare('SELECT run_id, owner FROM leases'),
    putLease: coordination.prepare('INSERT OR REPLACE INTO leases (run_id, owner, acquired_at) VALUES (?, ?, ?)'),
    deleteLease: coordination.prepare('DELETE FROM leases WHERE run_id = ? AND owner = ?'),
    insertCommand: coordination.prepare('INSERT INTO commands (run_id, body) VALUES (?, ?)'),
    hasCommands: coordination.prepare('SELECT 1 FROM commands WHERE run_id = ? LIMIT 1'),
    takeCommands: coordination.prepare('DELETE FROM commands WHERE run_id = ? RETURNING id, body'),
  } satisfies Record<string, StatementSync>;

  function leaseTransaction<T>(work: () => T): T {
    coordination.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      coordination.exec('COMMIT');
      return result;
    } catch (error) {
      coordination.exec('ROLLBACK');
      throw error;
    }
  }

  function toSummary(row: RunRow, owner: string | undefined): RunSummary {
    return {
      id: row.id as RunId,
      playbook: row.playbook,
      status: row.status as RunStatus,
      startedAt: row.started_at,
      ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
      lastSeq: row.last_seq,
      ...(owner === undefined || !isOwnerAlive(owner) ? {} : { owner }),
    };
  }

  return {
    path,
    append: appends.append,
    read(runId, afterSeq = 0) {
      const rows = statements.readEvents.all(runId, afterSeq) as Array<{ data: string }>;
      return rows.map((row) => JSON.parse(row.data) as RunEvent);
    },
    get(runId) {
      const row = statements.getRun.get(runId) as RunRow | undefined;
      const lease = statements.getLease.get(runId) as { owner: string } | undefined;
      return row ? toSummary(row, lease?.owner) : undefined;
    },
    list(filter = {}) {
      const limit = filter.limit ?? 100;
      const rows = (filter.status
        ? statements.listRunsByStatus.all(filter.status, limit)
        : statements.listRuns.all(limit)) as unknown as RunRow[];
      const owners = new Map(
        (statements.allLeases.all() as Array<{ run_id: string; owner: string }>).map((lease) => [
          lease.run_id,
          lease.owner,
        ]),
      );
      return rows.map((row) => toSummary(row, owners.get(row.id)));
    },
    acquire(runId, owner) {
      return leaseTransaction(() => {
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
      // A run left waiting when the process shuts down may poll once more after close.
      if (closed) return [];
      // Owners poll this a few times a second: a read (which never blocks the writer thread in WAL
      // mode) first, and a write only when there is something to take.
      if (statements.hasCommands.get(runId) === undefined) return [];
      const rows = statements.takeCommands.all(runId) as Array<{ id: number; body: string }>;
      // RETURNING gives no order; commands apply in the order they were sent.
      rows.sort((a, b) => a.id - b.id);
      return rows.map((row) => JSON.parse(row.body) as RunCommand);
    },
    hasPending(runId) {
      if (closed) return false;
      return statements.hasCommands.get(runId) !== undefined;
    },
    async close() {
      closed = true;
      await appends.close();
      db.close();
      coordination.close();
    },
  };
}

/** This process as a lease owner: host, pid and a random tag (pids get reused). */
export function processOwner(): string {
  return `${hostname()}/${process.pid}/${Math.random().toString(36).slice(2, 8)}`;
}
