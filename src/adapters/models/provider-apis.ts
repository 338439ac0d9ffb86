import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogle } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { JSONObject, LanguageModelV4, SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { Json, JsonSchema, ModelRequest } from '../../spec/index.ts';
import { openaiBaseUrl, type ProviderApi } from './known-providers.ts';
import type { SimulatedProvider } from './simulator/create-simulated-provider.ts';
import { createSimulatorModel, type SimulatorCall, simulatorOptionsKey } from './simulator/create-simulator-model.ts';

/** What an SDK needs to reach one provider. */
export interface ConnectionSettings {
  provider: string;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  fetch: typeof globalThis.fetch | undefined;
  /** Simulator only: latency when the request does not set one. */
  latencyMs: number | [number, number];
  /** Simulator only: the rate-limited provider it imitates, if any. */
  simulatedProvider?: SimulatedProvider;
}

/** One SDK as Brigade uses it; each kind answers for its own model creation and options. */
interface ProviderApiAdapter {
  createModel(settings: ConnectionSettings, modelId: string): LanguageModelV4;
  providerOptions(request: ModelRequest): SharedV4ProviderOptions | undefined;
}

// The SDKs fall back to process.env when a setting is missing, so every setting is passed explicitly.
export const providerApis: Record<ProviderApi, ProviderApiAdapter> = {
  openai: {
    createModel: (settings, modelId) => {
      const baseURL = settings.baseUrl ?? openaiBaseUrl;
      const provider = createOpenAI({ apiKey: settings.apiKey ?? '', baseURL, ...fetchOf(settings) });
      // OpenAI itself gets the Responses API (reasoning with tools, newest models); a custom base
      // URL is almost always a proxy or server that only speaks Chat Completions.
      return baseURL.replace(/\/+$/, '') === openaiBaseUrl ? provider.responses(modelId) : provider.chat(modelId);
    },
    // store: false keeps conversations off OpenAI's servers; strict only when the schema allows it.
    providerOptions: (request) => ({
      openai: { store: false, strictJsonSchema: isStrictSchema(request.outputSchema) },
    }),
  },
  anthropic: {
    createModel: (settings, modelId) =>
      createAnthropic({ apiKey: settings.apiKey ?? '', ...baseUrlOf(settings), ...fetchOf(settings) })(modelId),
    providerOptions: () => undefined,
  },
  google: {
    createModel: (settings, modelId) =>
      createGoogle({ apiKey: settings.apiKey ?? '', ...baseUrlOf(settings), ...fetchOf(settings) })(modelId),
    providerOptions: () => undefined,
  },
  'openai-compatible': {
    createModel: (settings, modelId) =>
      createOpenAICompatible({
        name: settings.provider,
        baseURL: settings.baseUrl ?? '',
        ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        includeUsage: true,
        supportsStructuredOutputs: true,
        ...fetchOf(settings),
      }).chatModel(modelId),
    providerOptions: (request) => ({ openaiCompatible: { strictJsonSchema: isStrictSchema(request.outputSchema) } }),
  },
  simulator: {
    createModel: (settings, modelId) =>
      createSimulatorModel(modelId, {
        latencyMs: settings.latencyMs,
        ...(settings.simulatedProvider ? { provider: settings.simulatedProvider } : {}),
      }),
    providerOptions: (request) => {
      const call: SimulatorCall = {
        origin: { unit: request.origin.unit, attempt: request.origin.attempt, turn: request.origin.turn },
        script: request.simulate ?? {},
      };
      return { [simulatorOptionsKey]: call as unknown as JSONObject };
    },
  },
};

function fetchOf(settings: ConnectionSettings): { fetch?: typeof globalThis.fetch } {
  return settings.fetch ? { fetch: settings.fetch } : {};
}

function baseUrlOf(settings: ConnectionSettings): { baseURL?: string } {
  return settings.baseUrl ? { baseURL: settings.baseUrl } : {};
}

/**
 * OpenAI's strict structured outputs accept only schemas whose objects list every property as
 * required and forbid extra ones; other schemas are sent as guidance and checked afterwards.
 */
export function isStrictSchema(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  return isStrictNode(schema);
}

function isStrictNode(node: Json): boolean {
  if (Array.isArray(node)) return node.every(isStrictNode);
  if (typeof node !== 'object' || node === null) return true;
  const properties = node.properties;
  if (node.type === 'object' && !properties) return false;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    const required = Array.isArray(node.required) ? node.required : [];
    const allRequired = Object.keys(properties).every((key) => required.includes(key));
    if (!allRequired || node.additionalProperties !== false) return false;
  }
  return Object.values(node).every(isStrictNode);
}
