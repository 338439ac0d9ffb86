// The API's response shapes: the server returns them, the typed client reads them.
import type { RunExplanation } from '../engine/context/explain-run.ts';
import type {
  AgentSpec,
  ApprovalState,
  CompiledPlaybook,
  Issue,
  Json,
  ProviderStatus,
  RunEvent,
  RunSummary,
  SharedFinding,
} from '../spec/index.ts';

export type { ApiErrorBody, ApiErrorCode } from './api-error.ts';
export type {
  CancelRunBody,
  CheckBody,
  DecideBody,
  ExplainQuery,
  ListRunsQuery,
  PutFileBody,
  PutSettingsBody,
  ResumeRunBody,
  StartRunBody,
} from './api-schemas.ts';

/** A provider the workspace can name: the env var of its key, whether it is set and where from; never the key. */
export type ProviderInfo = ProviderStatus;

/** A tool an agent may be given. */
export interface ToolInfo {
  name: string;
  description: string;
  /** read: no effect; write: changes workspace files; external: acts on the world. */
  risk: 'read' | 'write' | 'external';
}

/** POST /api/check: the issues the workspace would have with the file written. */
export interface CheckResponse {
  file: string;
  issues: Issue[];
}

/** GET/PUT /api/settings: brigade.yaml's run settings as written (snake_case, as in the file). */
export interface SettingsResponse {
  file: 'brigade.yaml';
  /** Max agents working at once across runs; null: the default. */
  concurrency: number | null;
  defaultConcurrency: number;
  models: Record<string, { concurrency?: number }>;
  limits: Record<string, { concurrency?: number; requests_per_minute?: number; tokens_per_minute?: number }>;
  budget: { tokens?: number; cost_usd?: number; model_calls?: number; time?: string } | null;
  providers: ProviderInfo[];
  /** Issues of the workspace now (settings can be read while it has some). */
  issues: Issue[];
}

/** GET /api/workspace. */
export interface WorkspaceResponse {
  root: string;
  valid: boolean;
  /** brigade.yaml's settings (absent while the workspace has issues). */
  config?: {
    model: string;
    concurrency: number;
    models: Record<string, { concurrency?: number; contextWindow?: number }>;
  };
  providers: ProviderInfo[];
  /** Built-in tools an agent can be given (the board's share_finding and read_findings come with every agent). */
  tools: ToolInfo[];
  agents: string[];
  playbooks: string[];
  issues: Issue[];
}

/** One agent file in a list. */
export interface AgentListItem {
  name: string;
  file: string;
  role?: string;
  model?: string;
}

/** GET/PUT /api/agents/:name: the file as written and the agent compiled from it (null while the workspace has issues). */
export interface AgentResponse {
  name: string;
  file: string;
  yaml: string;
  compiled: AgentSpec | null;
}

/** One playbook file in a list. */
export interface PlaybookListItem {
  name: string;
  file: string;
  description?: string;
  steps?: number;
}

/** GET/PUT /api/playbooks/:name. */
export interface PlaybookResponse {
  name: string;
  file: string;
  yaml: string;
  compiled: CompiledPlaybook | null;
  /** Declared inputs as JSON Schemas: what a run form asks for. */
  inputs: CompiledPlaybook['inputs'] | null;
}

/** POST /api/runs, POST /api/runs/:id/resume. */
export interface RunStartedResponse {
  runId: string;
}

/** What GET /api/runs adds to each run's summary: progress, usage, and whether it is simulated. */
export interface RunFigures {
  stepsDone: number;
  stepsTotal: number;
  tokens: number;
  costUsd: number;
  /** Started as a dry run. */
  dryRun: boolean;
  /** How much of it is simulated: a dry run, or models with no key, are (see simulationOf). */
  simulated: 'all' | 'some' | 'none';
}

/** One run in GET /api/runs. */
export type RunListItem = RunSummary & { figures: RunFigures };

/** GET /api/runs/:id: the summary row, and the run's state (units and approvals as arrays). */
export interface RunResponse {
  run: RunSummary;
  state: Json;
}

/** POST /api/runs/:id/cancel. */
export interface CancelResponse {
  runId: string;
  outcome: 'requested' | 'cancelled';
}

/**
 * GET /api/approvals: one pending decision in the inbox, with what a person needs to answer it:
 * the run's inputs (what the run is about) and, for an escalation, the schema an output given by
 * hand must match.
 */
export type InboxItem = ApprovalState & {
  runId: string;
  playbook: string;
  runStatus: RunSummary['status'];
  /** The inputs the run started with. */
  runInputs: Record<string, Json>;
  /** The JSON Schema of the step's output (escalations of steps that have one). */
  outputSchema?: Json;
};

/** POST /api/runs/:id/approvals/:approvalId. */
export interface DecideResponse {
  runId: string;
  approvalId: string;
  decision: string;
  /** delivered: the process running the run took it; resumed: this server took the paused run up. */
  outcome: 'delivered' | 'resumed';
}

/** GET /api/runs/:id/explain: what each agent unit was shown and did, as `brigade explain --json` prints it. */
export type ExplainResponse = RunExplanation;

/** GET /api/runs/:id/findings. */
export interface FindingsResponse {
  findings: SharedFinding[];
}

/** One message of the event stream: a recorded event, or streamed text (no seq). */
export type StreamMessage =
  | { kind: 'event'; event: RunEvent }
  | { kind: 'delta'; unit: string; text: string }
  | { kind: 'heartbeat' };
