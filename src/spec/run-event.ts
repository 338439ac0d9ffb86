import type { RunId, StepId } from './ids.ts';
import type { Json } from './json.ts';
import type { ModelInfo, ToolCall, Usage } from './model.ts';
import type { PlanEndReason, PlanProblem, PlanTask } from './plan.ts';
import type { Budget, CompiledPlaybook, CompiledStep } from './playbook.ts';

/** A step failure as recorded: a closed code, a message for people, and whether a retry may help. */
export interface StepFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/** Something an agent shared on the run's board while it worked. */
export interface Finding {
  /** `f1`, `f2` … in the order they were shared. */
  id: string;
  topic: string;
  content: string;
  tags: string[];
}

/** What a person may decide: approve (possibly with edited content), reject, or for an escalation provide the output, retry or skip. */
export type Decision = 'approve' | 'reject' | 'provide' | 'retry' | 'skip';

/** A decision asked of a person: what they see, and what they may do. */
export interface ApprovalRequest {
  /** Unique in the run, e.g. `review`, `send#2:call_1`, `check:escalation:3`. */
  id: string;
  /** step: an approval step; tool: a tool call that needs approval; escalation: a failed step handed to a person; plan: a plan before it runs. */
  kind: 'step' | 'tool' | 'escalation' | 'plan';
  /** The question, in words. */
  message: string;
  /** Exactly what the person is shown (a tool call's name and arguments, the content to approve). */
  content?: Json;
  /** `sha256:` of the canonical JSON of `content`: a decision binds to exactly what was shown. */
  digest: string;
  /** The decisions offered; `edit` means approve may carry changed content. */
  options: Array<Decision | 'edit'>;
  /** For a tool approval: the call it gates. */
  callId?: string;
}

/** A person's answer to an approval request, as sent (a `decide` command) and as recorded (`approval-response`). */
export interface ApprovalAnswer {
  /** The request answered. */
  id: string;
  decision: Decision;
  /** The digest of what the person was shown; it must be the request's. */
  digest: string;
  /** Who decided (user name, or `api` / `cli`). */
  by: string;
  comment?: string;
  /** Edited content (approve) or the output provided by hand (provide). */
  content?: Json;
}

/** A budget that ran out: which limit, of the run or of one step's unit. */
export interface BudgetHit {
  scope: 'run' | 'step';
  step?: StepId;
  unit?: string;
  limit: keyof Budget;
  used: number;
  max: number;
}

/**
 * What a `context-add` puts in front of an agent: its system prompt, its rendered task, the outputs
 * of upstream steps (`context.steps`), or new findings of its teammates.
 */
export type ContextSource = 'system' | 'task' | 'steps' | 'findings';

/**
 * How Brigade cut what an agent is shown to fit a budget, by a stated rule (docs/architecture.md,
 * "Context"): `cut-outputs` cuts every upstream output by the same ratio, keeping its head and tail;
 * `drop-oldest-findings` leaves out the oldest findings of a digest; `elide-tool-results` replaces the
 * oldest tool results of a long conversation with a marker. Token counts are estimates (`estimateTokens`).
 */
export interface ContextTrim {
  rule: 'cut-outputs' | 'drop-oldest-findings' | 'elide-tool-results';
  /** What had to fit, in estimated tokens. */
  budgetTokens: number;
  beforeTokens: number;
  afterTokens: number;
  /** `cut-outputs`: characters cut from each output, by unit (`draft`, `versions[1]`). */
  cutChars?: Record<string, number>;
  /** `drop-oldest-findings`: the findings left out (read_findings still lists them). */
  droppedFindingIds?: string[];
  /** `elide-tool-results`: the tool calls whose results the model was not shown again. */
  elidedCallIds?: string[];
}

/** Why a model call waits for its slot: the key's concurrency, its rate limits, or a backoff after a 429/overload. */
export type WaitReason = 'concurrency' | 'rate-limit' | 'backoff';

/** Where a unit-level event happened. */
interface UnitFields {
  step: StepId;
  /** Item index for a `for_each` step. */
  item?: number;
}

/** Fields of an attempt-level event. */
interface AttemptFields extends UnitFields {
  attempt: number;
}

/**
 * Every state change of a run is one of these, appended to the run's log. Run state is the fold
 * of them (`reduceRun`). Names are noun-verb.
 */
export type RunEventBody =
  | {
      type: 'run-start';
      runId: RunId;
      playbook: CompiledPlaybook;
      inputs: Record<string, Json>;
      models: ModelInfo[];
      /** True when started with --dry-run: every model is simulated. */
      dryRun: boolean;
    }
  | {
      type: 'run-resume';
      reason: string;
      owner: string;
      /** Raised limits for the run from here on (each given field replaces the playbook's). */
      budget?: Budget;
      /** Raised limits per step. */
      stepBudgets?: Record<string, Budget>;
    }
  | {
      type: 'run-pause';
      /** approval: nothing can go on until a person decides; budget: a limit was reached. */
      reason: 'approval' | 'budget';
      /** Pending approval ids, for `approval`. */
      waitingFor?: string[];
      limit?: BudgetHit;
    }
  | ({ type: 'approval-request'; request: ApprovalRequest } & AttemptFields)
  | ({ type: 'approval-response' } & ApprovalAnswer)
  | { type: 'run-cancel'; reason: string }
  | { type: 'run-end'; status: 'succeeded' | 'failed' | 'cancelled'; output?: Json; error?: StepFailure }
  | { type: 'step-items'; step: StepId; items: Json[] }
  | { type: 'step-skip'; step: StepId; reason: string }
  | ({ type: 'step-start'; agent: string; model: string } & AttemptFields)
  | ({
      type: 'model-response';
      turn: number;
      model: string;
      servedBy: string;
      text: string;
      toolCalls: ToolCall[];
      object?: Json;
      finishReason: string;
      usage: Usage;
      costUsd: number | null;
      durationMs: number;
      /** Set when the conversation sent did not fit the model's context window and was cut (`elide-tool-results`). */
      conversationTrim?: ContextTrim;
    } & AttemptFields)
  | ({
      type: 'slot-wait';
      turn: number;
      /** The governor's key: the model string. */
      key: string;
      /** Why it waits; a later `slot-wait` of the same call means the reason changed (a backoff began). */
      reason: WaitReason;
      /** For a backoff: how long the key is held. */
      expectedMs?: number;
    } & AttemptFields)
  | ({ type: 'slot-grant'; turn: number; key: string; waitedMs: number } & AttemptFields)
  | ({
      type: 'model-retry';
      turn: number;
      key: string;
      /** The failed call's fault (the call is made again: the step's attempt goes on). */
      error: StepFailure;
      /** At least this long before the call is made again. */
      retryInMs: number;
      /** When the fault made the whole key back off (429, overload): for how long. */
      backoffMs?: number;
      /** When the fault lowered the key's concurrency: the new limit. */
      concurrency?: number;
    } & AttemptFields)
  | ({ type: 'tool-call'; turn: number; call: ToolCall } & AttemptFields)
  | ({
      type: 'finding-share';
      finding: Finding;
      agent: string;
      /** The tool call that shared it: a resumed call returns this finding instead of sharing it again. */
      callId: string;
    } & AttemptFields)
  | ({
      type: 'context-add';
      /** The model turn it comes before; `system`, `task` and `steps` come before turn 0 of each attempt. */
      turn: number;
      /** What it is; `system` is the system prompt, every other source is a user message, in log order. */
      source: ContextSource;
      /** What was put in front of the agent, exactly as the model saw it. */
      text: string;
      /** `findings`: the findings shown. */
      findingIds?: string[];
      /** `steps`: the upstream steps whose outputs are shown. */
      steps?: StepId[];
      /** `system`: the tools the agent is offered. */
      tools?: string[];
      /** Set when the context did not fit its budget and was cut. */
      trim?: ContextTrim;
    } & AttemptFields)
  | ({
      type: 'tool-result';
      turn: number;
      callId: string;
      tool: string;
      output: Json;
      isError: boolean;
    } & AttemptFields)
  | ({ type: 'step-end'; output: Json; durationMs: number } & AttemptFields)
  | ({
      /** A running unit added steps to the run (a plan's tasks); they are scheduled like any other. */
      type: 'graph-extend';
      steps: CompiledStep[];
    } & AttemptFields)
  | ({
      type: 'plan-start';
      /** The rendered goal. */
      goal: string;
      team: Array<{ name: string; role: string }>;
      limits: { maxTasks: number; maxRounds: number; maxRepairs: number };
    } & AttemptFields)
  | ({
      /** One planner answer, valid or not; a resumed plan step reuses it instead of asking again. */
      type: 'plan-propose';
      round: number;
      repair: number;
      answer: Json;
      problems: PlanProblem[];
      firstTurn: number;
      nextTurn: number;
    } & AttemptFields)
  | ({
      /** A valid answer becomes a round of the plan; `release` names the tasks that become steps now. */
      type: 'plan-accept';
      round: number;
      tasks: PlanTask[];
      /** Tasks not yet started that will never run, with why (cancelled by the planner, or depending on one). */
      cancel: Array<{ id: string; reason: string }>;
      done: boolean;
      release: string[];
    } & AttemptFields)
  | ({ type: 'plan-end'; reason: PlanEndReason; rounds: number; tasks: number } & AttemptFields)
  | ({
      type: 'step-error';
      error: StepFailure;
      durationMs: number;
      /** When a retry follows: the delay before it. */
      retryInMs?: number;
      /** What the error policy decided: retry, fallback, continue (step counts as done), escalate (a person decides) or fail. */
      decision: 'retry' | 'fallback' | 'continue' | 'escalate' | 'fail';
    } & AttemptFields);

/** The envelope every stored event has: its position in the log and when it happened. */
export interface EventEnvelope {
  /** 1, 2, 3 … without gaps within a run. */
  seq: number;
  /** Milliseconds since the epoch, from the engine's Clock. */
  at: number;
}

/** A stored event. */
export type RunEvent = RunEventBody & EventEnvelope;
export type RunEventType = RunEvent['type'];
/** The event of a given type. */
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
