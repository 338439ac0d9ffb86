import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { type AgentSpec, BrigadeError, type CompiledPlaybook, type Issue } from '../spec/index.ts';
import { type AgentFile, agentFileSchema } from './agent-file-schema.ts';
import { brigadeFileSchema } from './brigade-file-schema.ts';
import { type CheckContext, checkAgent } from './check-agent.ts';
import { checkPlaybook } from './check-playbook.ts';
import { compileAgent } from './compile-agent.ts';
import { compileConfig } from './compile-config.ts';
import { compilePlaybook } from './compile-playbook.ts';
import { issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import { type PlaybookFile, playbookFileSchema } from './playbook-file-schema.ts';
import { readWorkspaceFile } from './read-workspace-file.ts';
import { identifierPattern, identifierRule } from './schema-parts.ts';
import type { LoadWorkspaceOptions, LoadWorkspaceResult, Workspace } from './workspace.ts';

export type { LoadWorkspaceOptions, LoadWorkspaceResult, Workspace, WorkspaceConfig } from './workspace.ts';

/**
 * Reads and checks every file of a workspace, and compiles its agents and playbooks for the
 * engine. Problems come back as issues (all of them, from every file); nothing runs until there
 * are none. Throws WORKSPACE_NOT_FOUND when `dir` has no brigade.yaml.
 *
 * @example
 * const result = await loadWorkspace('.', { toolNames: tools.names() });
 * if (!result.ok) for (const issue of result.issues) console.error(formatIssue(issue));
 */
export async function loadWorkspace(dir: string, options: LoadWorkspaceOptions): Promise<LoadWorkspaceResult> {
  const root = resolve(dir);
  if (!(await isFile(join(root, 'brigade.yaml')))) {
    throw new BrigadeError('WORKSPACE_NOT_FOUND', `${root} has no brigade.yaml, so it is not a Brigade workspace`, {
      hint: 'create one with `brigade init`, or run Brigade from a workspace folder',
    });
  }
  const issues: Issue[] = [];
  const config = await readWorkspaceFile(root, 'brigade.yaml', brigadeFileSchema);
  if (!config.ok) issues.push(...config.issues);
  const customProviders = config.ok ? Object.keys(config.data.providers ?? {}) : [];
  const context: CheckContext = { toolNames: options.toolNames };
  if (options.modelProviders) context.modelProviders = [...options.modelProviders, ...customProviders];

  const agentFiles = new Map<string, { data: AgentFile; source: YamlSource }>();
  const agentNames: string[] = [];
  for (const { relative, stem } of await listYamlFiles(root, 'agents', issues)) {
    if (agentNames.includes(stem)) {
      issues.push({
        file: relative,
        path: '',
        message: `agent "${stem}" is defined twice`,
        hint: 'keep one of its files',
      });
      continue;
    }
    agentNames.push(stem);
    const read = await readWorkspaceFile(root, relative, agentFileSchema);
    if (!read.ok) issues.push(...read.issues);
    else {
      issues.push(...checkAgent(read.source, read.data, stem, context));
      agentFiles.set(stem, read);
    }
  }

  const playbookFiles = new Map<string, { data: PlaybookFile; source: YamlSource; relative: string }>();
  for (const { relative, stem } of await listYamlFiles(root, 'playbooks', issues)) {
    const read = await readWorkspaceFile(root, relative, playbookFileSchema);
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    issues.push(...checkPlaybook(read.source, read.data, agentNames, context));
    const name = read.data.name ?? stem;
    const taken = playbookFiles.get(name);
    if (taken) {
      const path = read.data.name === undefined ? [] : ['name'];
      issues.push(
        issueAt(
          read.source,
          path,
          `playbook "${name}" is already defined in ${taken.relative}`,
          'give one of them another name',
        ),
      );
      continue;
    }
    playbookFiles.set(name, { ...read, relative });
  }

  if (issues.length > 0 || !config.ok) return { ok: false, issues: sortIssues(issues) };
  const workspaceConfig = compileConfig(config.data);
  const agents: Record<string, AgentSpec> = Object.create(null);
  for (const [name, file] of agentFiles) agents[name] = compileAgent(file.data, name, workspaceConfig.model);
  const playbooks: Record<string, CompiledPlaybook> = Object.create(null);
  const files: Record<string, string> = Object.create(null);
  for (const [name, file] of playbookFiles) {
    playbooks[name] = compilePlaybook(file.data, name, agents);
    files[name] = file.relative;
  }
  const workspace: Workspace = { root, config: workspaceConfig, agents, playbooks, playbookFiles: files, issues: [] };
  return { ok: true, workspace };
}

/** Issues file by file (in reading order), then by position, as an editor would list them. */
function sortIssues(issues: Issue[]): Issue[] {
  const files = [...new Set(issues.map((issue) => issue.file))];
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        files.indexOf(a.issue.file) - files.indexOf(b.issue.file) ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

/** A playbook by its name, or by its file name without extension. */
export function findPlaybook(workspace: Workspace, name: string): CompiledPlaybook | undefined {
  if (Object.hasOwn(workspace.playbooks, name)) return workspace.playbooks[name];
  for (const [playbook, file] of Object.entries(workspace.playbookFiles)) {
    if (basename(file, extname(file)) === name) return workspace.playbooks[playbook];
  }
  return undefined;
}

/** `.yaml` and `.yml` files directly in `folder`, sorted; a bad file name is an issue. */
async function listYamlFiles(
  root: string,
  folder: string,
  issues: Issue[],
): Promise<Array<{ relative: string; stem: string }>> {
  let entries: string[];
  try {
    entries = await readdir(join(root, folder));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: Array<{ relative: string; stem: string }> = [];
  for (const entry of entries.sort()) {
    const extension = extname(entry);
    if ((extension !== '.yaml' && extension !== '.yml') || entry.startsWith('.')) continue;
    if (!(await isFile(join(root, folder, entry)))) continue;
    const relative = `${folder}/${entry}`;
    const stem = basename(entry, extension);
    if (!identifierPattern.test(stem)) {
      issues.push({
        file: relative,
        path: '',
        message: `"${stem}" cannot be a name: ${identifierRule}`,
        hint: 'rename the file',
      });
      continue;
    }
    files.push({ relative, stem });
  }
  return files;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
