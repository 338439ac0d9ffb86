import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * Opens a connection in WAL mode. `durable` (the event writer) commits with synchronous=FULL, so a
 * committed append survives a power cut; the other connection (reads, leases, commands) uses NORMAL:
 * a lease or a cancel request lost in a power cut is harmless, since its process is gone too.
 */
export function openDatabase(path: string, busyTimeoutMs: number, durable: boolean): DatabaseSync {
  if (path !== ':memory:') {
    // Runs hold prompts and outputs: only the owner may read them (SQLite gives its -wal and -shm
    // files the database file's permissions).
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${durable ? 'FULL' : 'NORMAL'}`);
  return db;
}
