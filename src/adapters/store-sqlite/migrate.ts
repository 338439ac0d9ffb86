import type { DatabaseSync } from 'node:sqlite';

/** The event log's schema, migration by migration. */
export const eventLogMigrations: string[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     playbook TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     last_seq INTEGER NOT NULL
   );
   CREATE INDEX runs_by_status ON runs (status, started_at);
   CREATE TABLE events (
     run_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     at INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (run_id, seq)
   ) WITHOUT ROWID;
   CREATE TABLE leases (run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, acquired_at INTEGER NOT NULL);
   CREATE TABLE commands (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX commands_by_run ON commands (run_id);`,
  // Leases and commands moved to the coordination database (their writes blocked the event writer).
  'DROP TABLE leases; DROP TABLE commands;',
];

/** The coordination database: who owns which run, and requests to owners. */
export const coordinationMigrations: string[] = [
  `CREATE TABLE leases (run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, acquired_at INTEGER NOT NULL);
   CREATE TABLE commands (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX commands_by_run ON commands (run_id);`,
];

/** Brings the schema up to date, one numbered migration at a time (user_version tracks it). */
export function migrate(db: DatabaseSync, migrations: readonly string[]): void {
  const versionOf = () => (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  for (let index = versionOf(); index < migrations.length; index++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated while we waited for the lock.
      if (versionOf() > index) {
        db.exec('COMMIT');
        continue;
      }
      db.exec(migrations[index]!);
      db.exec(`PRAGMA user_version = ${index + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
