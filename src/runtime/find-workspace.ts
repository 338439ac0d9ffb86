import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BrigadeError } from '../spec/index.ts';

/** The workspace folder: the given one, or the nearest folder upwards from `cwd` with a brigade.yaml. */
export function findWorkspace(explicit: string | undefined, cwd: string): string {
  if (explicit) {
    const root = resolve(cwd, explicit);
    if (!existsSync(join(root, 'brigade.yaml'))) {
      throw new BrigadeError('WORKSPACE_NOT_FOUND', `${root} has no brigade.yaml`, {
        hint: `create a workspace there with \`brigade init ${explicit}\``,
      });
    }
    return root;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'brigade.yaml'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new BrigadeError('WORKSPACE_NOT_FOUND', `no brigade.yaml in ${resolve(cwd)} or any folder above it`, {
    hint: 'create a workspace with `brigade init my-workspace`, or pass --workspace <dir>',
  });
}

/** Where a workspace keeps its runtime state (ignored by git). */
export const stateDir = (root: string) => join(root, '.brigade');
/** The run store of a workspace. */
export const storePath = (root: string) => join(stateDir(root), 'brigade.db');
