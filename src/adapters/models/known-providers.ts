/** Which SDK speaks to a provider. */
export type ProviderApi = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'simulator';

/** How Brigade reaches one provider: the `openai` in `openai:gpt-5-mini`. */
export interface ProviderDefinition {
  name: string;
  api: ProviderApi;
  /** Env var holding the API key; absent when the server needs none. */
  apiKeyEnv?: string;
  /** Default base URL (the SDK's own default when absent). */
  baseUrl?: string;
  /** Env var that overrides `baseUrl`. */
  baseUrlEnv?: string;
  /** What to tell a person when the server cannot be reached. */
  unreachableHint: string;
}

/** A provider declared in brigade.yaml: an OpenAI-compatible server. */
export interface CustomProviderConfig {
  baseUrl: string;
  apiKeyEnv?: string;
}

/** The OpenAI API's own base URL; any other means a compatible server that speaks Chat Completions. */
export const openaiBaseUrl = 'https://api.openai.com/v1';

/** Providers Brigade knows without configuration. */
export const knownProviders: readonly ProviderDefinition[] = [
  {
    name: 'openai',
    api: 'openai',
    apiKeyEnv: 'OPENAI_API_KEY',
    baseUrl: openaiBaseUrl,
    baseUrlEnv: 'OPENAI_BASE_URL',
    unreachableHint: 'check the network connection (and OPENAI_BASE_URL if set)',
  },
  {
    name: 'anthropic',
    api: 'anthropic',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    baseUrl: 'https://api.anthropic.com/v1',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    unreachableHint: 'check the network connection',
  },
  {
    name: 'google',
    api: 'google',
    apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
    unreachableHint: 'check the network connection',
  },
  {
    name: 'ollama',
    api: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:11434/v1',
    baseUrlEnv: 'OLLAMA_BASE_URL',
    unreachableHint: 'is Ollama running? Start it with `ollama serve` (or set OLLAMA_BASE_URL)',
  },
  {
    name: 'lmstudio',
    api: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:1234/v1',
    baseUrlEnv: 'LMSTUDIO_BASE_URL',
    unreachableHint: "is LM Studio's local server running? Start it in LM Studio or with `lms server start`",
  },
  {
    name: 'vllm',
    api: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:8000/v1',
    baseUrlEnv: 'VLLM_BASE_URL',
    unreachableHint: 'is the vLLM server running? Start it with `vllm serve <model>` (or set VLLM_BASE_URL)',
  },
  {
    name: 'openrouter',
    api: 'openai-compatible',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    baseUrl: 'https://openrouter.ai/api/v1',
    unreachableHint: 'check the network connection',
  },
  { name: 'simulator', api: 'simulator', unreachableHint: '' },
];

/** The custom providers of brigade.yaml as definitions. */
export function defineCustomProviders(providers: Record<string, CustomProviderConfig>): ProviderDefinition[] {
  return Object.entries(providers).map(([name, config]) => ({
    name,
    api: 'openai-compatible',
    baseUrl: config.baseUrl,
    ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}),
    unreachableHint: `is the server at ${config.baseUrl} running?`,
  }));
}
