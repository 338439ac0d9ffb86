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
  /** Limits on the whole run's work; hitting one halts the run, which resumes with a raised limit. */
  budget?: Budget;
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
  | { action: 'fallback'; agent?: AgentSpec; model?: string }
  /** A person provides the output, retries the step, or skips it. */
  | { action: 'escalate' };

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
  /** Set on the steps of a route's branch: the step runs only when the route chose this branch. */
  branch?: { route: StepId; name: string };
  /** Limits on this step's work (per unit); hitting one halts the run, which resumes with a raised limit. */
  budget?: Budget;
  /** Set on steps a running unit added to the run (a plan's tasks): that unit's key. */
  addedBy?: string;
}

/** Limits on work: any subset. */
export interface Budget {
  /** Input + output tokens. */
  tokens?: number;
  /** Estimated cost in USD. */
  costUsd?: number;
  modelCalls?: number;
  /** Wall-clock time, in ms. */
  timeMs?: number;
}

/** Each budget limit: its name where people write it (YAML, `--budget`, the API), and in words. */
export const budgetLimits: Readonly<Record<keyof Budget, { name: string; word: string }>> = {
  tokens: { name: 'tokens', word: 'tokens' },
  costUsd: { name: 'cost_usd', word: 'cost (USD)' },
  modelCalls: { name: 'model_calls', word: 'model calls' },
  timeMs: { name: 'time', word: 'time (ms)' },
};

/** What an agent is shown besides its task. */
export interface StepContext {
  /** Outputs of these upstream steps, put in front of the agent before its first turn. */
  steps?: StepId[];
  /** Upper bound, in estimated tokens, of the context put in front of the agent (the model's window also bounds it). */
  maxTokens?: number;
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
  /** Upstream outputs and a context budget. */
  context?: StepContext;
}

/** A step where an agent chooses one of named branches (structured output); the others are skipped. */
export interface RouteStep extends StepBase {
  kind: 'route';
  agent: AgentSpec;
  task: string;
  /** Branch name → what it is for and which steps it holds. */
  branches: Record<string, { description?: string; steps: StepId[] }>;
  findings?: FindingsSubscription;
  context?: StepContext;
}

/** A step where an agent merges the outputs of other steps into one result, keeping attribution. */
export interface SynthesizeStep extends StepBase {
  kind: 'synthesize';
  agent: AgentSpec;
  task: string;
  /** The steps whose outputs are merged (each is also a need). */
  from: StepId[];
  findings?: FindingsSubscription;
  context?: StepContext;
}

/** A step that holds content for a person to approve, reject or edit before its dependents run. */
export interface ApprovalStep extends StepBase {
  kind: 'approval';
  /** What the person is asked. */
  message: string;
  /** Template of the content shown (and editable); the step's output is the approved content. */
  content?: string;
}

/** A step where a planner agent turns a goal into a task graph for a team, runs it, and revises it. */
export interface PlanStep extends StepBase {
  kind: 'plan';
  /** The planner. */
  agent: AgentSpec;
  /** Goal template. */
  goal: string;
  /** The agents the planner may give tasks to. */
  team: AgentSpec[];
  /** Most tasks in the plan, over all rounds. */
  maxTasks: number;
  /** Most planning rounds (the first plan and its revisions). */
  maxRounds: number;
  /** How many times the planner is asked to fix an invalid plan before the step fails. */
  maxRepairs: number;
  /** A person approves (and may edit) the first plan before it runs. */
  approve: boolean;
  findings?: FindingsSubscription;
}

/** Every step kind; each kind answers for itself in `engine/steps/`. */
export type CompiledStep = AgentStep | RouteStep | SynthesizeStep | ApprovalStep | PlanStep;
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
  /** A planner's answers, one per planner call of its plan step in order (the last repeats); default: made up from the schema. */
  plans?: Json[];
  /** Set by the engine on a planner call, not by authors: what a made-up plan needs to stay valid. */
  planning?: { round: number; taskIds: string[]; cancelledIds: string[]; maxNewTasks: number };
}
