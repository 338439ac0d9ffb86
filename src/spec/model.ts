import type { Json, JsonSchema } from './json.ts';
import type { SimulatorScript } from './playbook.ts';

/** One message of an agent's conversation, provider-neutral. */
export type ModelMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; results: ToolResultPart[] };

/** A tool call as the model asked for it. */
export interface ToolCall {
  id: string;
  tool: string;
  input: Json;
}

/** A tool's answer, paired with the call by id. `isError` marks a failed call the model should see. */
export interface ToolResultPart {
  id: string;
  tool: string;
  output: Json;
  isError: boolean;
}

/** What a tool looks like to a model. */
export interface ToolDescriptor {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  /** read: no effect; write: changes workspace files; external: acts on the world. */
  risk: 'read' | 'write' | 'external';
}

/** One model call: everything the provider needs, nothing more. */
export interface ModelRequest {
  /** `provider:model`, e.g. `openai:gpt-5-mini`. */
  model: string;
  system: string;
  messages: ModelMessage[];
  tools: ToolDescriptor[];
  /** When set, the model must answer with JSON matching this schema. */
  outputSchema?: JsonSchema;
  temperature?: number;
  maxOutputTokens?: number;
  /** Where the call comes from; the simulator derives its deterministic output from it. */
  origin: { runId: string; unit: string; attempt: number; turn: number };
  simulate?: SimulatorScript;
}

/** Token counts reported (or, for the simulator, computed) for one call. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** A finished model call. */
export interface ModelResponse {
  text: string;
  toolCalls: ToolCall[];
  /** Parsed JSON when the request had an outputSchema. */
  object?: Json;
  finishReason: 'stop' | 'tool-calls' | 'length' | 'content-filter' | 'error' | 'other';
  usage: Usage;
  /** Estimated cost in USD, or null when the model's price is unknown. */
  costUsd: number | null;
  /** Who actually answered: `openai:gpt-5-mini`, or `simulator` when simulated. */
  servedBy: string;
  /** The rate limits the provider reported with this answer (response headers), if any. */
  rateLimit?: RateLimitInfo;
}

/**
 * What a provider said about its rate limits (`x-ratelimit-*`, `anthropic-ratelimit-*` headers):
 * per resource, the limit per minute, what is left, and when it is fully replenished.
 */
export interface RateLimitInfo {
  requests?: RateLimitWindow;
  tokens?: RateLimitWindow;
}

/** One limited resource as a provider reports it; any field may be missing. */
export interface RateLimitWindow {
  /** The limit, per minute. */
  limit?: number;
  remaining?: number;
  /** Milliseconds until the resource is fully replenished. */
  resetMs?: number;
}

/** Why a model call failed; `retryable` tells the engine whether another attempt may help. */
export interface ModelFault {
  code:
    | 'rate-limit'
    | 'overload'
    | 'server'
    | 'timeout'
    | 'network'
    | 'stream-cut'
    | 'bad-request'
    | 'auth'
    | 'quota'
    | 'output-invalid'
    | 'cancelled'
    | 'unknown';
  message: string;
  retryable: boolean;
  /** Provider's retry-after hint, in ms. */
  retryAfterMs?: number;
  /** The rate limits the provider reported with the error, if any. */
  rateLimit?: RateLimitInfo;
  /** True when part of the answer had already been streamed to the caller before the call failed. */
  partialOutput?: boolean;
}

/** Describes how a model string resolves, shown at run start (simulated or real). */
export interface ModelInfo {
  model: string;
  /** `simulator` when Brigade simulates this model (no key configured, `--dry-run`, or `simulator:*`). */
  servedBy: string;
  simulated: boolean;
  /** Why it is simulated, in words a person understands. */
  reason?: string;
  /**
   * How many tokens the model reads in one call (prompt and answer), when known: from brigade.yaml
   * (`models.<model>.context_window`) or Brigade's table of known models. A simulated model keeps the
   * window of the model it stands in for.
   */
  contextWindow?: number;
}

/** The port every model call goes through. */
export interface ModelGateway {
  /** How a model string will be served, before anything runs. */
  describe(model: string): ModelInfo;
  /**
   * Calls the model once. Resolves with the response, or rejects with a ModelCallError
   * carrying a ModelFault. `onDelta` receives streamed text as it arrives.
   */
  generate(request: ModelRequest, options: GenerateOptions): Promise<ModelResponse>;
}

/** How one call is made and observed. */
export interface GenerateOptions {
  signal: AbortSignal;
  /** Streamed text, as it arrives. */
  onDelta?: (text: string) => void;
  /**
   * Called once the provider has accepted the call (its response begins), with the rate limits
   * it reported: the governor learns from them before the answer is complete.
   */
  onAccept?: (rateLimit: RateLimitInfo | undefined) => void;
}
