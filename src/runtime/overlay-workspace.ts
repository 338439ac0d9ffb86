import { mkdirSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The workspace files loadWorkspace reads; the rest (knowledge, .brigade, .git) is never copied. */
const checkedEntries = ['brigade.yaml', 'agents', 'playbooks', 'skills'];

/**
 * Copies the files a workspace check reads into a temp folder with `changes` applied
 * (workspace-relative path → new text, null: removed), so the whole workspace can be checked as it
 * would be after an edit without touching the real files. Returns the folder and its cleanup.
 */
export async function overlayWorkspace(
  root: string,
  changes: Record<string, string | null>,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'brigade-preview-'));
  for (const entry of checkedEntries) {
    await cp(join(root, entry), join(dir, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  for (const [path, text] of Object.entries(changes)) {
    const target = join(dir, path);
    if (text === null) await rm(target, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
