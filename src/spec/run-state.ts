import type { RunId, StepId } from './ids.ts';
import type { Json } from './json.ts';
import type { ModelInfo, ToolCall } from './model.ts';
import type { PlanState } from './plan.ts';
import type { Budget, CompiledPlaybook } from './playbook.ts';
import type {
  ApprovalRequest,
  BudgetHit,
  ContextSource,
  Decision,
  Finding,
  StepFailure,
  WaitReason,
} from './run-event.ts';

/** Where a run stands. */
export type RunStatus = 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';

/** Why a paused run waits. */
export interface RunPause {
  reason: 'approval' | 'budget';
  at: number;
  waitingFor?: string[];
  limit?: BudgetHit;
}

/** A decision asked of a person, with where it came from and how it was answered. */
export interface ApprovalState extends ApprovalRequest {
  step: StepId;
  item?: number;
  unit: string;
  attempt: number;
  requestedAt: number;
  status: 'pending' | 'decided' | 'cancelled';
  response?: { decision: Decision; by: string; at: number; comment?: string; content?: Json };
}

/** Where a step stands; a `for_each` step aggregates its items. */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'skipped' | 'failed';

/** Where one unit (a step or one item of a fan-out) stands. */
export type UnitStatus = 'pending' | 'running' | 'retry-wait' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

/** A finding on the board, with who shared it and when. */
export interface SharedFinding extends Finding {
  step: StepId;
  unit: string;
  agent: string;
  callId: string;
  at: number;
}

/** A model turn recorded in the current attempt, replayed on resume instead of calling again. */
export interface RecordedTurn {
  text: string;
  toolCalls: ToolCall[];
  object?: Json;
  finishReason: string;
  /** Tool results by call id, for the calls this turn made. */
  toolResults: Record<string, { output: Json; isError: boolean }>;
}

/** One unit of work. */
export interface UnitState {
  key: string;
  step: StepId;
  item?: number;
  status: UnitStatus;
  /** Current (or last) attempt, 0 before the first start. */
  attempt: number;
  agent?: string;
  model?: string;
  /** True once the error policy switched this unit to its fallback. */
  fallback: boolean;
  /** The attempt after which the fallback took over (attempts are counted afresh from it). */
  fallbackAfter: number;
  /** The attempt after which a person asked for a retry of an escalated unit (attempts counted afresh). */
  restartAfter: number;
  startedAt?: number;
  endedAt?: number;
  output?: Json;
  error?: StepFailure;
  /** Turns of the current attempt, in order. */
  turns: RecordedTurn[];
  /** What was put in front of the agent before each turn of the current attempt, by turn, in log order. */
  contexts: Record<number, Array<{ source: ContextSource; text: string }>>;
  /** How many findings of the board this unit has been shown (board order). */
  findingsSeen: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  modelCalls: number;
  /** Sum of the durations of all attempts. */
  busyMs: number;
  /** When the next retry may start (ms since epoch), while in retry-wait. */
  retryAt?: number;
  /** Set while a model call of the unit waits for its slot in the governor: why, since when. */
  waiting?: { reason: WaitReason; since: number; until?: number };
}

/** One step of the playbook. */
export interface StepState {
  id: StepId;
  status: StepStatus;
  /** For a failed step: true when on_error: continue let the run go on. */
  continued: boolean;
  /** Items of a `for_each` step, once evaluated. */
  items?: Json[];
  output?: Json;
  skipReason?: string;
  error?: StepFailure;
  /** Unit keys belonging to this step (one, or one per item). */
  units: string[];
  unitsSettled: number;
}

/** The state of a run: always `events.reduce(reduceRun, createRunState())`. */
export interface RunState {
  runId: RunId | null;
  playbook: CompiledPlaybook | null;
  inputs: Record<string, Json>;
  models: ModelInfo[];
  dryRun: boolean;
  status: RunStatus;
  startedAt?: number;
  endedAt?: number;
  output?: Json;
  error?: StepFailure;
  cancelReason?: string;
  lastSeq: number;
  steps: Record<string, StepState>;
  units: Map<string, UnitState>;
  /** The run's shared board, in the order findings were shared. */
  findings: SharedFinding[];
  /** Decisions asked of people, by id, in the order asked. */
  approvals: Map<string, ApprovalState>;
  /** Why the run is paused, while it is. */
  pause?: RunPause;
  /** The run's limits now: the playbook's, raised on resume. */
  budget: Budget;
  /** Raised limits per step (replace the step's own field by field). */
  stepBudgets: Record<string, Budget>;
  /** Time the run was being worked on before `activeSince` (pauses excluded), in ms. */
  activeMs: number;
  /** When the current stretch of work began (run start or resume), while not paused. */
  activeSince?: number;
  /** The plans of the run's plan steps, by the plan step's unit key. */
  plans: Record<string, PlanState>;
  totals: { inputTokens: number; outputTokens: number; costUsd: number; modelCalls: number; busyMs: number };
}
