import type { LanguageModelV4 } from '@ai-sdk/provider';
import {
  BrigadeError,
  type GenerateOptions,
  type Issue,
  type ModelGateway,
  type ModelInfo,
  type ModelRequest,
  type ModelResponse,
  type ToolCall,
  WorkspaceInvalidError,
} from '../../spec/index.ts';
import { classifyFault } from './classify-fault.ts';
import { contextWindowOf } from './context-windows.ts';
import {
  type CustomProviderConfig,
  defineCustomProviders,
  knownProviders,
  type ProviderDefinition,
} from './known-providers.ts';
import { ModelCallError } from './model-call-error.ts';
import { parseStructuredOutput } from './parse-structured-output.ts';
import { estimateCostUsd, priceOf } from './prices.ts';
import { providerApis } from './provider-apis.ts';
import { readModelStream, type StreamOutcome } from './read-model-stream.ts';
import { readRateLimit } from './read-rate-limit.ts';
import {
  createSimulatedProvider,
  type SimulatedProvider,
  type SimulatedRateLimit,
} from './simulator/create-simulated-provider.ts';
import { suggestName } from './suggest-name.ts';
import { toCallOptions } from './to-call-options.ts';

/** What the gateway is built from; the runtime reads config and env and passes them in. */
export interface ModelGatewayOptions {
  /** Environment variables (API keys, base URLs). The adapter never reads process.env itself. */
  env: Readonly<Record<string, string | undefined>>;
  /** OpenAI-compatible providers declared in brigade.yaml, by name. */
  providers?: Record<string, CustomProviderConfig>;
  /**
   * Simulator latency when a request's script sets none (default 150–600 ms), and the rate-limited
   * provider it imitates: `rateLimit` gives each simulated model its own, `provider` is one shared
   * by all of them (tests and benchmarks read its counts).
   */
  simulator?: { latencyMs?: number | [number, number]; rateLimit?: SimulatedRateLimit; provider?: SimulatedProvider };
  /** Context windows set in brigade.yaml, by model string; they win over the built-in table. */
  contextWindows?: Record<string, number>;
  /** Simulate every model (`--dry-run`). */
  dryRun?: boolean;
  /** Replaces the global fetch for provider calls (tests). */
  fetch?: typeof globalThis.fetch;
  /** Wall-clock time, for `retry-after` given as an HTTP date. */
  now?: () => number;
}

interface ResolvedModel {
  info: ModelInfo;
  /** The provider that serves the call: the simulator when simulated. */
  provider: ProviderDefinition;
  modelId: string;
  baseUrl: string | undefined;
  model: LanguageModelV4;
}

const simulatorProvider = knownProviders.find((provider) => provider.name === 'simulator')!;
const defaultLatencyMs: [number, number] = [150, 600];

/**
 * The ModelGateway over the AI SDK providers and the simulator.
 *
 * @example
 * const models = createModelGateway({ env: process.env, dryRun: false });
 * models.describe('openai:gpt-5-mini'); // { simulated: true, reason: 'no OPENAI_API_KEY in the environment', … }
 */
export function createModelGateway(options: ModelGatewayOptions): ModelGateway {
  const custom = defineCustomProviders(validateCustom(options.providers ?? {}));
  const providers = new Map<string, ProviderDefinition>();
  for (const provider of [...knownProviders, ...custom]) providers.set(provider.name, provider);
  const env = (name: string | undefined) => (name ? options.env[name]?.trim() || undefined : undefined);
  const secrets = [...providers.values()].flatMap((provider) => env(provider.apiKeyEnv) ?? []);
  const latencyMs = options.simulator?.latencyMs ?? defaultLatencyMs;
  const now = options.now ?? Date.now;
  const cache = new Map<string, ResolvedModel>();

  function resolve(model: string): ResolvedModel {
    const cached = cache.get(model);
    if (cached) return cached;
    const separator = model.indexOf(':');
    const name = separator > 0 ? model.slice(0, separator) : '';
    const modelId = separator > 0 ? model.slice(separator + 1) : '';
    const known = [...providers.keys()];
    if (!name || !modelId) {
      throw new BrigadeError('MODEL_UNAVAILABLE', `model "${model}" is not of the form provider:model`, {
        hint: `write e.g. openai:gpt-5-mini or ollama:qwen3; providers: ${known.join(', ')}`,
      });
    }
    const requested = providers.get(name);
    if (!requested) {
      const suggestion = suggestName(name, known);
      throw new BrigadeError('MODEL_UNAVAILABLE', `unknown model provider "${name}" in "${model}"`, {
        hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}known providers: ${known.join(', ')}`,
      });
    }
    const reason = simulationReason(requested);
    const provider = reason ? simulatorProvider : requested;
    const baseUrl = reason ? undefined : (env(requested.baseUrlEnv) ?? requested.baseUrl);
    const simulatedProvider =
      provider === simulatorProvider
        ? (options.simulator?.provider ??
          (options.simulator?.rateLimit ? createSimulatedProvider(options.simulator.rateLimit) : undefined))
        : undefined;
    const settings = {
      provider: provider.name,
      apiKey: env(requested.apiKeyEnv),
      baseUrl,
      fetch: options.fetch,
      latencyMs,
      ...(simulatedProvider ? { simulatedProvider } : {}),
    };
    // A simulated model keeps the window of the model it stands in for, so a dry run trims as the real one would.
    const contextWindow = options.contextWindows?.[model] ?? contextWindowOf(name, modelId);
    const resolved: ResolvedModel = {
      info: {
        ...(reason
          ? { model, servedBy: 'simulator', simulated: true, reason }
          : { model, servedBy: model, simulated: false }),
        ...(contextWindow === undefined ? {} : { contextWindow }),
      },
      provider,
      modelId,
      baseUrl,
      // The simulator stands in for the whole model string, so its answers name what they replace.
      model: providerApis[provider.api].createModel(settings, reason ? model : modelId),
    };
    cache.set(model, resolved);
    return resolved;
  }

  function simulationReason(provider: ProviderDefinition): string | undefined {
    if (provider.api === 'simulator') return 'the agent names a simulator:* model';
    if (options.dryRun) return '--dry-run';
    if (provider.apiKeyEnv && !env(provider.apiKeyEnv)) return `no ${provider.apiKeyEnv} in the environment`;
    return undefined;
  }

  async function generate(
    request: ModelRequest,
    { signal, onDelta, onAccept }: GenerateOptions,
  ): Promise<ModelResponse> {
    let resolved: ResolvedModel;
    try {
      resolved = resolve(request.model);
    } catch (error) {
      if (!(error instanceof BrigadeError)) throw error;
      const message = `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      throw new ModelCallError({ code: 'bad-request', message, retryable: false }, { cause: error });
    }
    const context = { provider: resolved.provider, baseUrl: resolved.baseUrl, signal, secrets, now };
    try {
      signal.throwIfAborted();
      const callOptions = toCallOptions(request, signal, providerApis[resolved.provider.api].providerOptions(request));
      const { stream, response } = await resolved.model.doStream(callOptions);
      // The provider accepted the call: what it says about its limits counts before the answer is in.
      const rateLimit = readRateLimit(response?.headers, now());
      onAccept?.(rateLimit);
      const outcome = await readModelStream(stream, onDelta);
      const answer = toResponse(request, outcome, resolved, () => JSON.stringify(callOptions.prompt).length);
      return rateLimit ? { ...answer, rateLimit } : answer;
    } catch (error) {
      if (error instanceof ModelCallError) throw error;
      throw new ModelCallError(classifyFault(error, context), { cause: error });
    }
  }

  return { describe: (model) => resolve(model).info, generate };
}

function toResponse(
  request: ModelRequest,
  outcome: StreamOutcome,
  resolved: ResolvedModel,
  /** Measured only for a provider that reports no usage. */
  promptChars: () => number,
): ModelResponse {
  const toolCalls = outcome.toolCalls.map((call): ToolCall => {
    try {
      return { id: call.id, tool: call.tool, input: call.input.trim() ? JSON.parse(call.input) : {} };
    } catch {
      const message = `the model called ${call.tool} with arguments that are not JSON: ${call.input.slice(0, 80)}`;
      throw new ModelCallError({ code: 'output-invalid', message, retryable: true });
    }
  });
  let object: ModelResponse['object'];
  if (request.outputSchema && toolCalls.length === 0) {
    const parsed = parseStructuredOutput(outcome.text, request.outputSchema);
    if (!parsed.ok) {
      const cutOff = outcome.finishReason === 'length' ? ' (the answer was cut off by the output token limit)' : '';
      throw new ModelCallError({ code: 'output-invalid', message: `${parsed.problem}${cutOff}`, retryable: true });
    }
    object = parsed.value;
  }
  // Providers that report no usage get the same rough estimate as the simulator: 4 characters a token.
  const usage = {
    inputTokens: outcome.usage.inputTokens ?? Math.ceil(promptChars() / 4),
    outputTokens: outcome.usage.outputTokens ?? Math.ceil((outcome.text.length + JSON.stringify(toolCalls).length) / 4),
  };
  const finishReason =
    toolCalls.length > 0 ? 'tool-calls' : outcome.finishReason === 'interrupted' ? 'other' : outcome.finishReason;
  return {
    text: outcome.text,
    toolCalls,
    ...(object === undefined ? {} : { object }),
    finishReason,
    usage,
    costUsd: estimateCostUsd(priceOf(resolved.provider.name, resolved.modelId), usage),
    servedBy: resolved.info.servedBy,
  };
}

function validateCustom(providers: Record<string, CustomProviderConfig>): Record<string, CustomProviderConfig> {
  const issues: Issue[] = [];
  for (const [name, config] of Object.entries(providers)) {
    if (name === 'simulator' || !/^[a-z][a-z0-9_-]*$/i.test(name)) {
      const hint = 'use letters, digits, - and _; "simulator" is reserved';
      issues.push({
        file: 'brigade.yaml',
        path: `providers.${name}`,
        message: `"${name}" cannot name a model provider`,
        hint,
      });
    } else if (!URL.canParse(config.baseUrl)) {
      const message = `invalid base URL "${config.baseUrl}"`;
      issues.push({
        file: 'brigade.yaml',
        path: `providers.${name}.base_url`,
        message,
        hint: 'e.g. http://127.0.0.1:8080/v1',
      });
    }
  }
  if (issues.length > 0)
    throw new WorkspaceInvalidError('WORKSPACE_INVALID', 'brigade.yaml declares invalid model providers', issues);
  return providers;
}
