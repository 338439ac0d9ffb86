// The API's response shapes: the server returns them, the typed client reads them.
import type {
  AgentSpec,
  ApprovalState,
  CompiledPlaybook,
  Issue,
  Json,
  RunEvent,
  RunSummary,
  SharedFinding,
} from '../spec/index.ts';

export type { ApiErrorBody, ApiErrorCode } from './api-error.ts';
export type {
  CancelRunBody,
  DecideBody,
  ListRunsQuery,
  PutFileBody,
  ResumeRunBody,
  StartRunBody,
} from './api-schemas.ts';

/** A provider the workspace can name: the env var of its key and whether it is set, never the value. */
export interface ProviderInfo {
  name: string;
  apiKeyEnv?: string;
  keySet: boolean;
  custom: boolean;
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

/** GET /api/runs/:id/findings. */
export interface FindingsResponse {
  findings: SharedFinding[];
}

/** One message of the event stream: a recorded event, or streamed text (no seq). */
export type StreamMessage =
  | { kind: 'event'; event: RunEvent }
  | { kind: 'delta'; unit: string; text: string }
  | { kind: 'heartbeat' };
