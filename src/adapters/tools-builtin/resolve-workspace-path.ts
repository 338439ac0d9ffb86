import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path inside the workspace, resolved through every symbolic link, or why it is refused. */
export type WorkspacePath =
  | {
      ok: true;
      /** Real absolute path to use for the file operation. */
      absolute: string;
      /** Relative to the workspace root, with `/` separators (`.` for the root itself). */
      relative: string;
      exists: boolean;
    }
  | { ok: false; error: string };

/** Brigade's runtime folder (run store, leases) inside a workspace; agents must not touch it. */
const runtimeFolder = '.brigade';

/**
 * Resolves a path the model gave (relative to the root, or absolute) and confines it to the workspace:
 * the nearest existing ancestor is resolved with `realpath`, so `..`, absolute paths and symbolic links
 * that lead outside are all refused. A dangling symbolic link is refused too, since writing through it
 * would create its target wherever it points.
 */
export async function resolveWorkspacePath(root: string, requested: string): Promise<WorkspacePath> {
  if (requested.includes('\0')) return { ok: false, error: 'path must not contain NUL characters' };
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch {
    return { ok: false, error: `the workspace root ${root} does not exist` };
  }
  const lexical = resolve(root, requested);
  const missing: string[] = [];
  let existing = lexical;
  let real: string;
  for (;;) {
    try {
      real = await realpath(existing);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR')
        return { ok: false, error: `${quote(requested)}: a parent of it is a file, not a folder` };
      if (code === 'ELOOP') return { ok: false, error: `${quote(requested)}: too many levels of symbolic links` };
      if (code !== 'ENOENT') return { ok: false, error: `${quote(requested)}: cannot be resolved (${code})` };
      if (await isSymlink(existing)) {
        return { ok: false, error: `${quote(requested)} goes through a symbolic link whose target does not exist` };
      }
      const parent = dirname(existing);
      if (parent === existing) return { ok: false, error: `${quote(requested)}: cannot be resolved` };
      missing.unshift(basename(existing));
      existing = parent;
    }
  }
  const absolute = join(real, ...missing);
  const inside = relative(rootReal, absolute);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    const lexicallyInside = isWithin(resolve(rootReal, requested), rootReal) || isWithin(lexical, resolve(root));
    const how = lexicallyInside ? ' through a symbolic link' : '';
    return {
      ok: false,
      error: `${quote(requested)} leads outside the workspace${how}; use a path inside the workspace, relative to its root`,
    };
  }
  const relativePath = inside === '' ? '.' : inside.split(sep).join('/');
  if (relativePath.split('/')[0]?.toLowerCase() === runtimeFolder) {
    return {
      ok: false,
      error: `${quote(requested)} is inside ${runtimeFolder}/, Brigade's run store; agents may not use it`,
    };
  }
  return { ok: true, absolute, relative: relativePath, exists: missing.length === 0 };
}

function isWithin(path: string, folder: string): boolean {
  const inside = relative(folder, path);
  return !(inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside));
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function quote(path: string): string {
  return JSON.stringify(path);
}
