import type { Usage } from '../../spec/index.ts';
import { findModelFamily } from './find-model-family.ts';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * When the table below was last reviewed. The prices are ESTIMATES: public list prices for
 * standard (non-batch, uncached, short-context) usage as known when it was written. Check the
 * providers' pricing pages before relying on them.
 */
export const pricesReviewedOn = '2025-10';

/** List prices per model family; a dated snapshot (`gpt-5-mini-2025-08-07`) costs what its family costs. */
const listPrices: Record<string, ModelPrice> = {
  // OpenAI
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5.1': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
  // Anthropic
  'claude-opus-4': { input: 15, output: 75 },
  'claude-opus-4-0': { input: 15, output: 75 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-sonnet-4-0': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  // Google (prompts up to 200k tokens)
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
};

/** The list price of a model id such as `gpt-5-mini` or `claude-sonnet-4-20250514`, or null when unknown. */
export function findListPrice(modelId: string): ModelPrice | null {
  return findModelFamily(listPrices, modelId) ?? null;
}

const free: ModelPrice = { input: 0, output: 0 };
// Self-hosted servers and the simulator bill nothing per token.
const freeProviders = new Set(['simulator', 'ollama', 'lmstudio', 'vllm']);
const listPriceProviders = new Set(['openai', 'anthropic', 'google']);

/**
 * The price of `provider:modelId`: 0 for local servers and the simulator, the list price for
 * OpenAI, Anthropic, Google (and OpenRouter's `vendor/model` ids), null when unknown.
 */
export function priceOf(provider: string, modelId: string): ModelPrice | null {
  if (freeProviders.has(provider)) return free;
  if (listPriceProviders.has(provider)) return findListPrice(modelId);
  if (provider === 'openrouter') return findListPrice(modelId.slice(modelId.lastIndexOf('/') + 1));
  return null;
}

/** Cost of one call in USD, or null when the price is unknown. */
export function estimateCostUsd(price: ModelPrice | null, usage: Usage): number | null {
  if (!price) return null;
  const cost = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return Math.round(cost * 1e9) / 1e9;
}
