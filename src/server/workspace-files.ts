import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { identifierPattern, identifierRule } from '../workspace/schema-parts.ts';
import { ApiError } from './api-error.ts';

/** The YAML files directly in `folder` (agents/ or playbooks/), as name (file stem) and workspace-relative file. */
export async function listYamlFiles(root: string, folder: string): Promise<Array<{ name: string; file: string }>> {
  let entries: string[];
  try {
    entries = await readdir(join(root, folder));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => /\.ya?ml$/.test(entry) && !entry.startsWith('.'))
    .sort()
    .map((entry) => ({ name: basename(entry, extname(entry)), file: `${folder}/${entry}` }));
}

/** A name from a URL, checked before it becomes part of a file path. */
export function checkName(name: string, what: string): string {
  if (!identifierPattern.test(name))
    throw new ApiError('BAD_REQUEST', `"${name}" cannot be ${what} name: ${identifierRule}`);
  return name;
}

/** The file of `name` in `folder`: the existing `.yaml` or `.yml`, else a new `.yaml`. */
export async function fileOf(root: string, folder: string, name: string): Promise<{ file: string; exists: boolean }> {
  const found = (await listYamlFiles(root, folder)).find((entry) => entry.name === name);
  return found ? { file: found.file, exists: true } : { file: `${folder}/${name}.yaml`, exists: false };
}

export function readWorkspaceText(root: string, file: string): Promise<string> {
  return readFile(join(root, file), 'utf8');
}

/** Writes the text byte for byte; through a temp file and a rename, so a reader never sees half a file. */
export async function writeWorkspaceText(root: string, file: string, text: string): Promise<void> {
  const target = join(root, file);
  const temp = `${target}.${process.pid}.tmp`;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(temp, text);
  await rename(temp, target);
}

export function removeWorkspaceFile(root: string, file: string): Promise<void> {
  return rm(join(root, file));
}
