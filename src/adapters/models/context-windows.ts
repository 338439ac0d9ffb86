import { findModelFamily } from './find-model-family.ts';
/**
 * When the table below was last reviewed. Context windows (prompt and answer, in tokens) as the
 * providers publish them for standard use; a longer beta window must be set in brigade.yaml
 * (`models.<model>.context_window`), which always wins over this table.
 */
export const contextWindowsReviewedOn = '2025-10';

/** Windows per model family; a dated snapshot (`gpt-5-mini-2025-08-07`) has its family's window. */
const knownWindows: Record<string, number> = {
  // OpenAI
  'gpt-5': 400_000,
  'gpt-5.1': 400_000,
  'gpt-5-mini': 400_000,
  'gpt-5-nano': 400_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  o3: 200_000,
  'o4-mini': 200_000,
  // Anthropic
  'claude-opus-4': 200_000,
  'claude-opus-4-0': 200_000,
  'claude-opus-4-1': 200_000,
  'claude-opus-4-5': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-sonnet-4-0': 200_000,
  'claude-sonnet-4-5': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-3-5-haiku': 200_000,
  // Google
  'gemini-2.5-pro': 1_048_576,
  'gemini-2.5-flash': 1_048_576,
  'gemini-2.5-flash-lite': 1_048_576,
  'gemini-2.0-flash': 1_048_576,
};

/** The window of `simulator:*` models. */
export const simulatorContextWindow = 32_000;

/** The published window of a model id such as `gpt-5-mini` or `claude-sonnet-4-20250514`, or undefined. */
export function findContextWindow(modelId: string): number | undefined {
  return findModelFamily(knownWindows, modelId);
}

/**
 * The context window of `provider:modelId`: the table's for OpenAI, Anthropic, Google (and
 * OpenRouter's `vendor/model` ids), 32,000 for the simulator, undefined for local servers and custom
 * providers, whose window depends on how the server runs the model (set it in brigade.yaml).
 */
export function contextWindowOf(provider: string, modelId: string): number | undefined {
  if (provider === 'simulator') return simulatorContextWindow;
  if (provider === 'openai' || provider === 'anthropic' || provider === 'google') return findContextWindow(modelId);
  if (provider === 'openrouter') return findContextWindow(modelId.slice(modelId.lastIndexOf('/') + 1));
  return undefined;
}
