import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { type AgentSpec, BrigadeError, type CompiledPlaybook, type Issue } from '../spec/index.ts';
import { type AgentFile, agentFileSchema } from './agent-file-schema.ts';
import { type BrigadeFile, brigadeFileSchema } from './brigade-file-schema.ts';
import { type CheckContext, checkAgent, checkModelProvider } from './check-agent.ts';
import { type AgentOutline, checkPlaybook } from './check-playbook.ts';
import { compileAgent } from './compile-agent.ts';
import { compileConfig } from './compile-config.ts';
import { compilePlaybook } from './compile-playbook.ts';
import { issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import { draftPlaybook } from './playbook-draft.ts';
import { type PlaybookFile, playbookFileSchema } from './playbook-file-schema.ts';
import { readWorkspaceFile } from './read-workspace-file.ts';
import { salvageFields } from './salvage.ts';
import { identifierPattern, identifierRule } from './schema-parts.ts';
import type { LoadWorkspaceOptions, LoadWorkspaceResult, Workspace } from './workspace.ts';

export type { LoadWorkspaceOptions, LoadWorkspaceResult, Workspace, WorkspaceConfig } from './workspace.ts';

/**
 * Reads and checks every file of a workspace, and compiles its agents and playbooks for the
 * engine. Problems come back as issues (all of them, from every file, in one pass: the parts of
 * a file that are valid are checked even when other parts are not); nothing runs until there
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
  issues.push(...config.issues);
  const settings = salvageFields<BrigadeFile>(brigadeFileSchema, config.parsed?.value);
  const context: CheckContext = { toolNames: options.toolNames };
  // Custom providers count as known; when they cannot be read, provider names are not checked.
  if (options.modelProviders && config.parsed && !settings.broken.has('providers')) {
    context.modelProviders = [...options.modelProviders, ...Object.keys(settings.fields.providers ?? {})];
    // The default model is used by every agent that names none: check it like theirs.
    if (settings.fields.model) {
      issues.push(...checkModelProvider(config.parsed.source, ['model'], settings.fields.model, context));
    }
    for (const model of Object.keys(settings.fields.models ?? {})) {
      issues.push(...checkModelProvider(config.parsed.source, ['models', model], model, context));
    }
  }

  const agentFiles = new Map<string, { data: AgentFile; source: YamlSource }>();
  const outlines = new Map<string, AgentOutline>();
  for (const { relative, stem, named } of await listYamlFiles(root, 'agents', issues)) {
    if (named && outlines.has(stem)) {
      issues.push({
        file: relative,
        path: '',
        message: `agent "${stem}" is defined twice`,
        hint: 'keep one of its files',
      });
      continue;
    }
    const read = await readWorkspaceFile(root, relative, agentFileSchema);
    issues.push(...read.issues);
    const agent = salvageFields<AgentFile>(agentFileSchema, read.parsed?.value);
    if (read.parsed) issues.push(...checkAgent(read.parsed.source, agent, named ? stem : undefined, context));
    // A file name that cannot be a name gives no agent; its contents are still checked above.
    if (!named) continue;
    const outline: AgentOutline = { known: read.parsed !== undefined && !agent.broken.has('output_schema') };
    if (agent.fields.output_schema) outline.outputSchema = agent.fields.output_schema;
    outlines.set(stem, outline);
    if (read.parsed?.data) agentFiles.set(stem, { data: read.parsed.data, source: read.parsed.source });
  }

  const playbookFiles = new Map<string, { data: PlaybookFile; source: YamlSource; relative: string }>();
  for (const { relative, stem, named } of await listYamlFiles(root, 'playbooks', issues)) {
    const read = await readWorkspaceFile(root, relative, playbookFileSchema);
    issues.push(...read.issues);
    if (!read.parsed) continue;
    const { source, data } = read.parsed;
    const draft = draftPlaybook(read.parsed.value);
    issues.push(...checkPlaybook(source, draft, outlines, context));
    // Without a valid name (field or file name) there is nothing to compare with other playbooks.
    if (draft.broken.has('name') || (draft.fields.name === undefined && !named)) continue;
    const name = draft.fields.name ?? stem;
    const taken = playbookFiles.get(name);
    if (taken) {
      const path = draft.fields.name === undefined ? [] : ['name'];
      issues.push(
        issueAt(
          source,
          path,
          `playbook "${name}" is already defined in ${taken.relative}`,
          'give one of them another name',
        ),
      );
      continue;
    }
    // A file without `data` has issues, so nothing is compiled; it still takes its name here.
    playbookFiles.set(name, { data: data as PlaybookFile, source, relative });
  }

  const configData = config.parsed?.data;
  if (issues.length > 0 || !configData) return { ok: false, issues: sortIssues(issues) };
  const workspaceConfig = compileConfig(configData);
  const agents: Record<string, AgentSpec> = Object.create(null);
  for (const [name, file] of agentFiles) agents[name] = compileAgent(file.data, name, workspaceConfig.model);
  const playbooks: Record<string, CompiledPlaybook> = Object.create(null);
  const files: Record<string, string> = Object.create(null);
  for (const [name, file] of playbookFiles) {
    const playbook = compilePlaybook(file.data, name, agents);
    // brigade.yaml's budget is the default of a playbook that sets none.
    if (playbook.budget === undefined && workspaceConfig.budget) playbook.budget = { ...workspaceConfig.budget };
    playbooks[name] = playbook;
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

/**
 * `.yaml` and `.yml` files directly in `folder`, sorted. A file name that cannot be a name is an
 * issue; the file is still listed (`named: false`) so its contents are checked too.
 */
async function listYamlFiles(
  root: string,
  folder: string,
  issues: Issue[],
): Promise<Array<{ relative: string; stem: string; named: boolean }>> {
  let entries: string[];
  try {
    entries = await readdir(join(root, folder));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: Array<{ relative: string; stem: string; named: boolean }> = [];
  for (const entry of entries.sort()) {
    const extension = extname(entry);
    if ((extension !== '.yaml' && extension !== '.yml') || entry.startsWith('.')) continue;
    if (!(await isFile(join(root, folder, entry)))) continue;
    const relative = `${folder}/${entry}`;
    const stem = basename(entry, extension);
    const named = identifierPattern.test(stem);
    if (!named) {
      issues.push({
        file: relative,
        path: '',
        message: `"${stem}" cannot be a name: ${identifierRule}`,
        hint: 'rename the file',
      });
    }
    files.push({ relative, stem, named });
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
