import type { ModelLimits } from '../engine/governor/key-state.ts';
import type { AgentSpec, Budget, CompiledPlaybook, Issue } from '../spec/index.ts';

/** `brigade.yaml` with defaults applied, in camelCase. */
export interface WorkspaceConfig {
  /** Model for agents that name none. Default `simulator:default`. */
  model: string;
  /** Max units running at once across runs. Default 8. */
  concurrency: number;
  /** Settings per model string, e.g. `{ 'openai:gpt-5-mini': { concurrency: 4 }, 'ollama:qwen3': { contextWindow: 32768 } }`. */
  models: Record<string, { concurrency?: number; contextWindow?: number }>;
  /** Custom OpenAI-compatible providers by name. */
  providers: Record<string, { baseUrl: string; apiKeyEnv?: string }>;
  /** Rate limits of model calls by provider (`openai`) or model (`openai:gpt-5-mini`); empty: learned. */
  limits: Record<string, ModelLimits>;
  /** Default run budget for playbooks that set none. */
  budget?: Budget;
  simulator: {
    latencyMs?: number | [number, number];
    /** Imitate a rate-limited provider. */
    rateLimit?: {
      requestsPerMinute?: number;
      tokensPerMinute?: number;
      concurrency?: number;
      overloadRate?: number;
      headers?: boolean;
    };
  };
  tools: {
    httpRequest: { allowPrivate: boolean; allowHosts: string[]; allowMethods: string[] };
    /** Tool name → whether its calls wait for a person's approval (absent: the tool decides). */
    requiresApproval: Record<string, boolean>;
  };
}

/** A loaded, valid workspace: everything the runtime needs to start runs. */
export interface Workspace {
  /** Absolute path of the folder holding `brigade.yaml`. */
  root: string;
  config: WorkspaceConfig;
  agents: Record<string, AgentSpec>;
  /** Playbooks by name (the `name` field, else the file stem); see `findPlaybook`. */
  playbooks: Record<string, CompiledPlaybook>;
  /** Workspace-relative file of each playbook, by playbook name. */
  playbookFiles: Record<string, string>;
  /** Always empty when loading succeeded; kept so warnings can join later without a new shape. */
  issues: Issue[];
}

/** What the caller knows that the files do not. */
export interface LoadWorkspaceOptions {
  /** Every tool an agent may name (built-ins, skills, connectors); other names are issues. */
  toolNames: readonly string[];
  /** Known model providers (`openai`, `ollama`, …); when given, other prefixes are issues. */
  modelProviders?: readonly string[];
}

/** The result of loading a workspace: the workspace, or every issue found in its files. */
export type LoadWorkspaceResult = { ok: true; workspace: Workspace } | { ok: false; issues: Issue[] };
