import type { RunId, StepId } from './ids.ts';
import type { Json } from './json.ts';
import type { ModelInfo, ToolCall, Usage } from './model.ts';
import type { CompiledPlaybook } from './playbook.ts';

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
  | { type: 'run-resume'; reason: string; owner: string }
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
      type: 'step-error';
      error: StepFailure;
      durationMs: number;
      /** When a retry follows: the delay before it. */
      retryInMs?: number;
      /** What the error policy decided: retry, fallback, continue (step counts as done) or fail. */
      decision: 'retry' | 'fallback' | 'continue' | 'fail';
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
