import { createSqliteStore, type SqliteStore } from '../adapters/store-sqlite/create-sqlite-store.ts';
import { findWorkspace, storePath } from './find-workspace.ts';

/** The run store of a workspace, for commands that only read runs (no config, no models). */
export function openRunStore(options: { cwd: string; workspace?: string }): SqliteStore {
  return createSqliteStore(storePath(findWorkspace(options.workspace, options.cwd)));
}
