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
      turn: number;
      /** Why the agent is shown this: `findings` (new findings of its teammates). */
      source: 'findings';
      /** What was put in front of the agent, exactly as the model saw it. */
      text: string;
      findingIds: string[];
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
