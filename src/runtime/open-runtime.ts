import { createModelGateway } from '../adapters/models/create-model-gateway.ts';
import { knownProviders } from '../adapters/models/known-providers.ts';
import { createSqliteStore, processOwner, type SqliteStore } from '../adapters/store-sqlite/create-sqlite-store.ts';
import { createBuiltinTools } from '../adapters/tools-builtin/create-builtin-tools.ts';
import { createEngine, type Engine, type ResumeRunOptions, type RunHandle } from '../engine/create-engine.ts';
import { createGovernor } from '../engine/governor/create-governor.ts';
import { createLimiter } from '../engine/governor/create-limiter.ts';
import { agentsOf } from '../engine/steps/step-kinds.ts';
import type { CompiledPlaybook, Json, ModelInfo, ProviderStatus, RunId, ToolDescriptor } from '../spec/index.ts';
import { BrigadeError, foldRun, WorkspaceInvalidError } from '../spec/index.ts';
import { didYouMean } from '../workspace/did-you-mean.ts';
import { findPlaybook, type LoadWorkspaceResult, loadWorkspace, type Workspace } from '../workspace/load-workspace.ts';
import { validateInputs } from '../workspace/validate-inputs.ts';
import { type DecideRequest, decideRun } from './decide-run.ts';
import { findWorkspace, storePath } from './find-workspace.ts';
import { governorLimits } from './governor-limits.ts';
import { openSecretStore } from './open-secret-store.ts';
import { overlayWorkspace } from './overlay-workspace.ts';
import { systemClock, systemIds, systemRandom } from './system-ports.ts';

/** How to open a workspace: where, with which environment, and overrides from flags. */
export interface RuntimeOptions {
  cwd: string;
  workspace?: string;
  env: Record<string, string | undefined>;
  /** `--sim-latency`: overrides brigade.yaml's simulator latency. */
  simulatorLatencyMs?: number | [number, number];
}

/** Brigade wired together for one workspace: the one place that reads config and env. */
export interface Runtime {
  root: string;
  store: SqliteStore;
  /** Loads and validates the workspace; throws WorkspaceInvalidError with every issue. */
  workspace(): Promise<Workspace>;
  /**
   * Reads the workspace's files again and checks them, as they are or with `changes` applied
   * (workspace-relative path → new text, null: removed) without writing anything. A valid read of
   * the files as they are becomes the workspace later runs use.
   */
  inspectWorkspace(changes?: Record<string, string | null>): Promise<LoadWorkspaceResult>;
  /** Providers the workspace can name, with the env var of each key and whether it is set (never its value). */
  providers(): Promise<ProviderStatus[]>;
  /**
   * Stores a provider's API key encrypted (or removes it, with null). Runs started afterwards use it
   * unless the provider's environment variable is set, which wins.
   */
  setProviderKey(provider: string, key: string | null): Promise<void>;
  /** The built-in tools an agent can be given. */
  tools(): ToolDescriptor[];
  startRun(
    playbook: string,
    inputs: Record<string, Json | string>,
    options: { dryRun: boolean; whenBlocked?: 'pause' | 'wait' },
  ): Promise<RunHandle>;
  resumeRun(runId: RunId, reason: string, options?: ResumeRunOptions): Promise<RunHandle>;
  /**
   * Records a person's decision on a pending approval: hands it to the process running the run
   * (`delivered`), or, when nobody runs it, takes the run up and continues it (`resumed`, with its handle).
   */
  decide(request: DecideRequest): Promise<{ delivered: true } | { resumed: RunHandle }>;
  /** Runs left `running` by a process that died: resumes each. */
  recoverInterrupted(): Promise<RunHandle[]>;
  cancelRun(runId: RunId, reason: string): Promise<'requested' | 'cancelled'>;
  /** Waits for pending writes, then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the runtime of the workspace at (or above) `options.cwd`.
 * @example
 * const runtime = await openRuntime({ cwd: process.cwd(), env: process.env });
 * const run = await runtime.startRun('content-launch', { topic: 'AI' }, { dryRun: true });
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const root = findWorkspace(options.workspace, options.cwd);
  const store = createSqliteStore(storePath(root));
  const owner = processOwner();
  const limiter = createLimiter();
  const engines = new Map<boolean, { engine: Engine; describe: (model: string) => ModelInfo; stamp: string }>();
  const secrets = openSecretStore(root, options.env);
  let secretsVersion = 0;
  let loaded: Workspace | undefined;

  /** The env the providers read: stored keys under their variable's name, the real environment winning. */
  async function providerEnv(config: Workspace['config'] | undefined) {
    const stored = await secrets.read();
    const env: Record<string, string | undefined> = {};
    const providers: Record<string, { baseUrl: string; apiKeyEnv?: string }> = { ...config?.providers };
    for (const [name, key] of Object.entries(stored)) {
      const known = knownProviders.find((provider) => provider.name === name);
      const custom = providers[name];
      let variable = custom ? custom.apiKeyEnv : known?.apiKeyEnv;
      if (custom && !variable) {
        // A custom provider without api_key_env reads its stored key from a name of its own.
        variable = `BRIGADE_STORED_KEY_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
        providers[name] = { ...custom, apiKeyEnv: variable };
      }
      if (variable) env[variable] = key;
    }
    for (const [name, value] of Object.entries(options.env)) if (value?.trim()) env[name] = value;
    return { env, providers, stored };
  }

  function loadAt(dir: string): Promise<LoadWorkspaceResult> {
    return loadWorkspace(dir, {
      toolNames: toolsFor(undefined).names(),
      modelProviders: knownProviders.map((provider) => provider.name),
    });
  }

  async function inspectWorkspace(changes?: Record<string, string | null>): Promise<LoadWorkspaceResult> {
    if (!changes) {
      const result = await loadAt(root);
      if (result.ok) loaded = result.workspace;
      return result;
    }
    const overlay = await overlayWorkspace(root, changes);
    try {
      return await loadAt(overlay.dir);
    } finally {
      await overlay.remove();
    }
  }

  async function workspace(): Promise<Workspace> {
    if (loaded) return loaded;
    const result = await loadAt(root);
    if (!result.ok) {
      throw new WorkspaceInvalidError(
        'WORKSPACE_INVALID',
        `the workspace at ${root} has ${result.issues.length} ${result.issues.length === 1 ? 'problem' : 'problems'}`,
        result.issues,
      );
    }
    loaded = result.workspace;
    return loaded;
  }

  function toolsFor(current: Workspace | undefined) {
    return createBuiltinTools({
      root,
      http: current?.config.tools.httpRequest ?? { allowPrivate: false, allowHosts: [] },
      requiresApproval: current?.config.tools.requiresApproval ?? {},
    });
  }

  /**
   * One engine per dry-run mode, sharing the limiter so limits hold across every run. It is built
   * again when brigade.yaml's settings or the stored keys change, so later runs use the new ones;
   * runs already going keep the engine (and rate limits) they started with.
   */
  async function engineFor(dryRun: boolean): Promise<{ engine: Engine; describe: (model: string) => ModelInfo }> {
    const current = await workspace();
    const config = current.config;
    const stamp = `${secretsVersion}:${JSON.stringify(config)}`;
    const built = engines.get(dryRun);
    if (built && built.stamp === stamp) return built;
    const latency = options.simulatorLatencyMs ?? config.simulator.latencyMs;
    const keys = await providerEnv(config);
    const gateway = createModelGateway({
      env: keys.env,
      providers: keys.providers,
      contextWindows: Object.fromEntries(
        Object.entries(config.models).flatMap(([model, settings]) =>
          settings.contextWindow === undefined ? [] : [[model, settings.contextWindow]],
        ),
      ),
      simulator: {
        ...(latency === undefined ? {} : { latencyMs: latency }),
        ...(config.simulator.rateLimit ? { rateLimit: config.simulator.rateLimit } : {}),
      },
      dryRun,
    });
    // One governor per gateway: a dry run's simulated calls never count against a real key.
    const imitatesLimits = config.simulator.rateLimit !== undefined;
    const governor = createGovernor({
      clock: systemClock,
      limitsFor: governorLimits(config.limits, (model) => {
        try {
          return gateway.describe(model).simulated && !imitatesLimits;
        } catch {
          return true; // an unusable model string: its calls fail before they go out
        }
      }),
    });
    const engine = createEngine({
      store,
      leases: store,
      commands: store,
      ids: systemIds,
      clock: systemClock,
      random: systemRandom,
      models: gateway,
      tools: toolsFor(current),
      limiter,
      governor,
      limits: {
        global: config.concurrency,
        models: Object.fromEntries(
          Object.entries(config.models).flatMap(([model, settings]) =>
            settings.concurrency === undefined ? [] : [[model, settings.concurrency]],
          ),
        ),
      },
      commandPollMs: 200,
      owner,
    });
    const entry = { engine, describe: (model: string) => gateway.describe(model), stamp };
    engines.set(dryRun, entry);
    return entry;
  }

  function modelsOf(playbook: CompiledPlaybook): string[] {
    const models = new Set<string>();
    for (const step of Object.values(playbook.steps)) {
      for (const agent of agentsOf(step)) models.add(agent.model);
    }
    return [...models];
  }

  async function resumeRun(runId: RunId, reason: string, resumeOptions?: ResumeRunOptions): Promise<RunHandle> {
    const summary = store.get(runId);
    if (!summary) throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
    if (summary.status !== 'running' && summary.status !== 'paused') {
      throw new BrigadeError('RUN_FINISHED', `run ${runId} already ended (${summary.status}); nothing to resume`, {
        hint: `see what it did with \`brigade show ${runId}\` or GET /api/runs/${runId}`,
      });
    }
    const budgeted = Object.keys(resumeOptions?.stepBudgets ?? {});
    if (budgeted.length > 0) {
      const steps = Object.keys(foldRun(store.read(runId)).steps);
      for (const step of budgeted) {
        if (steps.includes(step)) continue;
        throw new BrigadeError('USAGE', `a step budget names step "${step}", which run ${runId} does not have`, {
          hint: didYouMean(step, steps) ?? `its steps: ${steps.join(', ')}`,
        });
      }
    }
    return (await engineFor(isDryRun(runId))).engine.resumeRun(runId, reason, resumeOptions);
  }

  /** A run keeps the mode it started in: a dry run stays simulated when resumed. */
  function isDryRun(runId: RunId): boolean {
    const start = store.read(runId)[0];
    return start?.type === 'run-start' ? start.dryRun : false;
  }

  return {
    root,
    store,
    workspace,
    inspectWorkspace,
    async providers() {
      const result = await inspectWorkspace();
      const config = result.ok ? result.workspace.config : undefined;
      const custom = config?.providers ?? {};
      const { stored } = await providerEnv(config);
      const status = (name: string, apiKeyEnv: string | undefined, isCustom: boolean): ProviderStatus => {
        const fromEnv = apiKeyEnv ? options.env[apiKeyEnv]?.trim() || undefined : undefined;
        const fromStore = stored[name];
        const key = fromEnv ?? fromStore;
        // A custom provider without api_key_env needs no key, but may be given one.
        const needsKey = Boolean(apiKeyEnv) || isCustom;
        return {
          name,
          ...(apiKeyEnv ? { apiKeyEnv } : {}),
          keySet: Boolean(key) || !apiKeyEnv,
          custom: isCustom,
          ...(key ? { keySource: fromEnv ? ('environment' as const) : ('stored' as const) } : {}),
          stored: fromStore !== undefined,
          ...(key && key.length >= 12 ? { keyEnding: key.slice(-4) } : {}),
          needsKey,
        };
      };
      return [
        ...knownProviders
          .filter((provider) => !Object.hasOwn(custom, provider.name))
          .map((provider) => status(provider.name, provider.apiKeyEnv, false)),
        ...Object.entries(custom).map(([name, provider]) => status(name, provider.apiKeyEnv, true)),
      ];
    },
    tools() {
      const source = toolsFor(undefined);
      return source.describe(source.names());
    },
    async setProviderKey(provider, key) {
      await secrets.write(provider, key);
      secretsVersion += 1;
    },
    resumeRun,
    decide: (request) => decideRun(request, { store, owner, resumeRun }),
    async startRun(name, rawInputs, { dryRun, whenBlocked }) {
      const current = await workspace();
      const playbook = findPlaybook(current, name);
      if (!playbook) {
        const known = Object.keys(current.playbooks);
        const guess = didYouMean(name, known);
        throw new BrigadeError('PLAYBOOK_NOT_FOUND', `no playbook named "${name}"`, {
          hint: guess ?? (known.length ? `playbooks: ${known.join(', ')}` : 'add one under playbooks/'),
        });
      }
      const inputs = validateInputs(playbook, rawInputs);
      if (!inputs.ok) {
        throw new WorkspaceInvalidError('INPUT_INVALID', `inputs for ${name} are not valid`, inputs.issues);
      }
      const { engine, describe } = await engineFor(dryRun);
      const models = modelsOf(playbook).map(describe);
      return engine.startRun({
        playbook,
        inputs: inputs.inputs,
        models,
        dryRun,
        ...(whenBlocked ? { whenBlocked } : {}),
      });
    },
    async recoverInterrupted() {
      const orphans = store.list({ status: 'running', limit: 1000 }).filter((run) => !run.owner);
      const handles: RunHandle[] = [];
      for (const run of orphans) {
        try {
          handles.push(await resumeRun(run.id, 'the process running it stopped; resumed at start-up'));
        } catch (error) {
          if (!(error instanceof BrigadeError && error.code === 'RUN_BUSY')) throw error;
        }
      }
      return handles;
    },
    async cancelRun(runId, reason) {
      const summary = store.get(runId);
      if (!summary)
        throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
      // Cancelling calls no model, so the run's dry-run mode does not matter here.
      return (await engineFor(false)).engine.cancelRun(runId, reason);
    },
    async close() {
      await store.close();
    },
  };
}
