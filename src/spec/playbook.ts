import type { StepId } from './ids.ts';
import type { Json, JsonSchema } from './json.ts';

/**
 * The compiled form of a playbook: what the engine runs. The workspace loader validates YAML and
 * produces this; a snapshot of it is stored in the `run-start` event so a run never changes under
 * its feet when files are edited.
 */
export interface CompiledPlaybook {
  name: string;
  description?: string;
  /** Declared inputs as JSON Schemas (with `default` where given). */
  inputs: Record<string, JsonSchema>;
  /** Steps keyed by id, in file order. */
  steps: Record<string, CompiledStep>;
  /** A template naming the result, e.g. `{{ steps.versions.output }}`. */
  output?: string;
  /** Max units of this playbook running at once. */
  concurrency?: number;
}

/** How a step retries a failed attempt. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  /** Delay before the first retry, in ms. */
  backoffMs: number;
  /** Multiplier applied per further retry. */
  factor: number;
  /** Upper bound for one delay, in ms. */
  maxBackoffMs: number;
  /** Full jitter: the delay is drawn uniformly from [0, delay] when true. */
  jitter: boolean;
}

/** What happens when a step has used up its attempts. */
export type OnError =
  | { action: 'fail' }
  | { action: 'continue' }
  | { action: 'fallback'; agent?: AgentSpec; model?: string };

/** Fields every step kind shares. */
export interface StepBase {
  id: StepId;
  needs: StepId[];
  /** Condition expression; the step is skipped when it is false. */
  when?: string;
  /** Fan the step out over a list. */
  forEach?: { items: string; concurrency?: number };
  retry: RetryPolicy;
  timeoutMs?: number;
  onError: OnError;
}

/**
 * Which findings of the run's board an agent is shown before its model turns: those of some steps,
 * topics or tags (each given list narrows it), or none. Absent: every finding of its teammates.
 */
export type FindingsSubscription = { from?: StepId[]; topics?: string[]; tags?: string[] } | 'none';

/** A step that runs an agent on a task. */
export interface AgentStep extends StepBase {
  kind: 'agent';
  agent: AgentSpec;
  /** Task template. */
  task: string;
  /** Step-level output schema (overrides the agent's). */
  outputSchema?: JsonSchema;
  /** Which findings the agent is shown while it works. */
  findings?: FindingsSubscription;
}

/** Every step kind; each kind answers for itself in `engine/steps/`. */
export type CompiledStep = AgentStep;
export type StepKind = CompiledStep['kind'];

/** An agent as resolved from `agents/*.yaml` (a snapshot, stored with the run). */
export interface AgentSpec {
  name: string;
  role: string;
  instructions: string;
  /** Model string such as `openai:gpt-5-mini`, `ollama:qwen3` or `simulator:default`. */
  model: string;
  tools: string[];
  /** Max model turns in the tool loop. */
  maxSteps: number;
  temperature?: number;
  maxOutputTokens?: number;
  outputSchema?: JsonSchema;
  /** Instructions for the simulator provider (scripted tool calls, output, faults); real providers ignore it. */
  simulate?: SimulatorScript;
}

/** What the simulator does for an agent: scripted turns, output, injected faults. */
export interface SimulatorScript {
  latencyMs?: number | [number, number];
  /** Tool calls to make, one entry per turn, before the final answer. */
  toolCalls?: Array<Array<{ tool: string; input: Json }>>;
  /** Fixed final text (templated by nothing); default is a deterministic summary of the task. */
  output?: Json;
  /** Fail the first N calls of each unit with this fault. */
  fail?: { times: number; error: 'rate-limit' | 'overload' | 'server' | 'timeout' | 'bad-request' };
  /** Keep calling tools forever (to test limits). */
  loop?: boolean;
}
