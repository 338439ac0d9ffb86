import type { Hono } from 'hono';
import type { Runtime } from '../runtime/open-runtime.ts';
import { findPlaybook } from '../workspace/load-workspace.ts';
import { ApiError } from './api-error.ts';
import { checkBody, putFileBody } from './api-schemas.ts';
import type {
  AgentListItem,
  AgentResponse,
  CheckResponse,
  PlaybookListItem,
  PlaybookResponse,
  WorkspaceResponse,
} from './api-types.ts';
import { applyChange } from './check-change.ts';
import { readJsonBody } from './read-request.ts';
import { checkName, fileOf, listYamlFiles, readWorkspaceText } from './workspace-files.ts';

/** Workspace, agents and playbooks: the files on disk are the truth; every write is checked first. */
export function addWorkspaceRoutes(app: Hono, runtime: Runtime): void {
  const { root } = runtime;

  app.get('/api/workspace', async (c) => {
    const result = await runtime.inspectWorkspace();
    const providers = await runtime.providers();
    const agents = (await listYamlFiles(root, 'agents')).map((entry) => entry.name);
    const playbooks = result.ok
      ? Object.keys(result.workspace.playbooks)
      : (await listYamlFiles(root, 'playbooks')).map((entry) => entry.name);
    const body: WorkspaceResponse = {
      root,
      valid: result.ok,
      ...(result.ok
        ? {
            config: {
              model: result.workspace.config.model,
              concurrency: result.workspace.config.concurrency,
              models: result.workspace.config.models,
            },
          }
        : {}),
      providers,
      tools: runtime.tools().map(({ name, description, risk }) => ({ name, description, risk })),
      agents,
      playbooks,
      issues: result.ok ? [] : result.issues,
    };
    return c.json(body);
  });

  app.post('/api/check', async (c) => {
    const { kind, name, yaml } = await readJsonBody(c, checkBody);
    checkName(name, kind === 'agent' ? 'an agent' : 'a playbook');
    const file =
      kind === 'agent'
        ? (await fileOf(root, 'agents', name)).file
        : ((await locatePlaybook(runtime, name)).file ?? `playbooks/${name}.yaml`);
    const result = await runtime.inspectWorkspace({ [file]: yaml });
    const body: CheckResponse = { file, issues: result.ok ? [] : result.issues };
    return c.json(body);
  });

  app.get('/api/agents', async (c) => {
    const result = await runtime.inspectWorkspace();
    const items: AgentListItem[] = (await listYamlFiles(root, 'agents')).map(({ name, file }) => {
      const agent = result.ok ? result.workspace.agents[name] : undefined;
      return { name, file, ...(agent ? { role: agent.role, model: agent.model } : {}) };
    });
    return c.json(items);
  });

  app.get('/api/agents/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'an agent');
    const { file, exists } = await fileOf(root, 'agents', name);
    if (!exists) throw new ApiError('NOT_FOUND', `no agent named "${name}"`, { hint: 'create it with PUT' });
    const result = await runtime.inspectWorkspace();
    const body: AgentResponse = {
      name,
      file,
      yaml: await readWorkspaceText(root, file),
      compiled: result.ok ? (result.workspace.agents[name] ?? null) : null,
    };
    return c.json(body);
  });

  app.put('/api/agents/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'an agent');
    const { yaml } = await readJsonBody(c, putFileBody);
    const { file, exists } = await fileOf(root, 'agents', name);
    const result = await applyChange(runtime, root, { [file]: yaml });
    const body: AgentResponse = {
      name,
      file,
      yaml,
      compiled: result.ok ? (result.workspace.agents[name] ?? null) : null,
    };
    return c.json(body, exists ? 200 : 201);
  });

  app.delete('/api/agents/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'an agent');
    const { file, exists } = await fileOf(root, 'agents', name);
    if (!exists) throw new ApiError('NOT_FOUND', `no agent named "${name}"`);
    await applyChange(runtime, root, { [file]: null });
    return c.json({ name, file, deleted: true });
  });

  app.get('/api/playbooks', async (c) => {
    const result = await runtime.inspectWorkspace();
    if (!result.ok) return c.json((await listYamlFiles(root, 'playbooks')) satisfies PlaybookListItem[]);
    const items: PlaybookListItem[] = Object.values(result.workspace.playbooks).map((playbook) => ({
      name: playbook.name,
      file: result.workspace.playbookFiles[playbook.name]!,
      ...(playbook.description ? { description: playbook.description } : {}),
      steps: Object.keys(playbook.steps).length,
    }));
    return c.json(items);
  });

  app.get('/api/playbooks/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'a playbook');
    const { file, compiled } = await locatePlaybook(runtime, name);
    if (!file) throw new ApiError('PLAYBOOK_NOT_FOUND', `no playbook named "${name}"`);
    const body: PlaybookResponse = {
      name: compiled?.name ?? name,
      file,
      yaml: await readWorkspaceText(root, file),
      compiled: compiled ?? null,
      inputs: compiled?.inputs ?? null,
    };
    return c.json(body);
  });

  app.put('/api/playbooks/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'a playbook');
    const { yaml } = await readJsonBody(c, putFileBody);
    const located = await locatePlaybook(runtime, name);
    const file = located.file ?? `playbooks/${name}.yaml`;
    const result = await applyChange(runtime, root, { [file]: yaml });
    const compiled = result.ok
      ? Object.values(result.workspace.playbooks).find((each) => result.workspace.playbookFiles[each.name] === file)
      : undefined;
    const body: PlaybookResponse = {
      name: compiled?.name ?? name,
      file,
      yaml,
      compiled: compiled ?? null,
      inputs: compiled?.inputs ?? null,
    };
    return c.json(body, located.file ? 200 : 201);
  });

  app.delete('/api/playbooks/:name', async (c) => {
    const name = checkName(c.req.param('name'), 'a playbook');
    const { file } = await locatePlaybook(runtime, name);
    if (!file) throw new ApiError('PLAYBOOK_NOT_FOUND', `no playbook named "${name}"`);
    await applyChange(runtime, root, { [file]: null });
    return c.json({ name, file, deleted: true });
  });
}

/** A playbook's file and compiled form: by its name when the workspace is valid, else by file name. */
async function locatePlaybook(runtime: Runtime, name: string) {
  const result = await runtime.inspectWorkspace();
  if (result.ok) {
    const compiled = findPlaybook(result.workspace, name);
    if (compiled) return { file: result.workspace.playbookFiles[compiled.name], compiled };
  }
  const { file, exists } = await fileOf(runtime.root, 'playbooks', name);
  return { file: exists ? file : undefined, compiled: undefined };
}
