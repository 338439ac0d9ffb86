import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Issue } from '../spec/index.ts';
import { loadWorkspace } from './load-workspace.ts';
import type { Workspace } from './workspace.ts';

/** Tools the test workspaces may name. */
export const testToolNames = ['http_request', 'read_file', 'web_search'];

/** Agents most test playbooks use. */
export const testAgents: Record<string, string> = {
  'agents/writer.yaml': 'role: Writer\ninstructions: Write well.\n',
  'agents/editor.yaml': 'role: Editor\ninstructions: Edit well.\n',
};

/** Writes files into a fresh temporary folder (with a minimal brigade.yaml unless given) and returns it. */
export async function writeTestWorkspace(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'brigade-workspace-'));
  const all = { 'brigade.yaml': 'model: openai:gpt-5-mini\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** Loads a test workspace and returns its issues (empty when it loaded). */
export async function issuesOf(files: Record<string, string>): Promise<Issue[]> {
  const result = await loadWorkspace(await writeTestWorkspace(files), { toolNames: testToolNames });
  return result.ok ? [] : result.issues;
}

/** Loads a test workspace that must be valid. */
export async function loadValid(files: Record<string, string>): Promise<Workspace> {
  const result = await loadWorkspace(await writeTestWorkspace(files), { toolNames: testToolNames });
  if (!result.ok) throw new Error(`expected a valid workspace:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.workspace;
}
