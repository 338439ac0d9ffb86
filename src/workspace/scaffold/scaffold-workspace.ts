import { access, appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrigadeError } from '../../spec/index.ts';
import { renderJsonSchemas } from '../json-schemas.ts';

const filesDir = fileURLToPath(new URL('./files/', import.meta.url));
/** Source files whose name in the workspace differs (a real `.gitignore` here would act on this repository). */
const renamed: Record<string, string> = { gitignore: '.gitignore' };
const ignoreLine = '.brigade/';

/**
 * Writes a working marketing workspace into `dir` (created if needed): brigade.yaml, nine
 * agents, two playbooks, a brand-voice file, JSON Schemas, a README and a .gitignore. Refuses to
 * touch an existing workspace or overwrite any file; an existing README.md is kept and an existing
 * .gitignore gets `.brigade/` appended. Resolves with the workspace-relative paths written.
 *
 * @example await scaffoldWorkspace('my-team') // ['brigade.yaml', 'agents/editor.yaml', …]
 */
export async function scaffoldWorkspace(dir: string): Promise<string[]> {
  if (await exists(join(dir, 'brigade.yaml'))) {
    throw new BrigadeError('USAGE', `${dir} already has a brigade.yaml; refusing to overwrite it`, {
      hint: 'pick an empty folder, e.g. `brigade init my-team`, or edit the existing workspace',
    });
  }
  const files = await scaffoldFiles();
  const written: string[] = [];
  const conflicts: string[] = [];
  for (const path of Object.keys(files)) {
    if (path === '.gitignore' || path === 'README.md') continue;
    if (await exists(join(dir, path))) conflicts.push(path);
  }
  if (conflicts.length > 0) {
    throw new BrigadeError('USAGE', `${dir} already has ${conflicts.join(', ')}; refusing to overwrite`, {
      hint: 'pick an empty folder, or move those files away first',
    });
  }
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    if (path === '.gitignore' && (await exists(target))) {
      const current = await readFile(target, 'utf8');
      if (current.split(/\r?\n/).some((line) => line.trim() === ignoreLine)) continue;
      await appendFile(target, `${current.endsWith('\n') || current === '' ? '' : '\n'}${ignoreLine}\n`);
    } else if (path === 'README.md' && (await exists(target))) {
      continue;
    } else {
      await writeFile(target, text, { flag: 'wx' });
    }
    written.push(path);
  }
  return written;
}

/** Every file of the scaffold as workspace-relative path → content; schemas are generated fresh. */
export async function scaffoldFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(filesDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const path = relative(filesDir, source).split('\\').join('/');
    files[renamed[path] ?? path] = await readFile(source, 'utf8');
  }
  for (const [name, text] of Object.entries(renderJsonSchemas())) files[`schemas/${name}`] = text;
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
