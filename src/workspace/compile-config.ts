import type { BrigadeFile } from './brigade-file-schema.ts';
import { compileBudget } from './compile-playbook.ts';
import type { WorkspaceConfig } from './workspace.ts';

/** The model used when neither an agent nor brigade.yaml names one. */
export const fallbackModel = 'simulator:default';

/** `brigade.yaml` in camelCase with every default applied. */
export function compileConfig(file: BrigadeFile): WorkspaceConfig {
  const providers: WorkspaceConfig['providers'] = {};
  for (const [name, provider] of Object.entries(file.providers ?? {})) {
    providers[name] = {
      baseUrl: provider.base_url,
      ...(provider.api_key_env ? { apiKeyEnv: provider.api_key_env } : {}),
    };
  }
  const models: WorkspaceConfig['models'] = {};
  for (const [model, settings] of Object.entries(file.models ?? {})) {
    models[model] = {
      ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
      ...(settings.context_window === undefined ? {} : { contextWindow: settings.context_window }),
    };
  }
  const limits: WorkspaceConfig['limits'] = {};
  for (const [key, limit] of Object.entries(file.limits ?? {})) {
    limits[key] = {
      ...(limit.concurrency === undefined ? {} : { concurrency: limit.concurrency }),
      ...(limit.requests_per_minute === undefined ? {} : { requestsPerMinute: limit.requests_per_minute }),
      ...(limit.tokens_per_minute === undefined ? {} : { tokensPerMinute: limit.tokens_per_minute }),
    };
  }
  const latencyMs = file.simulator?.latency_ms;
  const rate = file.simulator?.rate_limit;
  return {
    model: file.model ?? fallbackModel,
    concurrency: file.concurrency ?? 8,
    models,
    providers,
    limits,
    ...(file.budget === undefined ? {} : { budget: compileBudget(file.budget) }),
    simulator: {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(rate
        ? {
            rateLimit: {
              ...(rate.requests_per_minute === undefined ? {} : { requestsPerMinute: rate.requests_per_minute }),
              ...(rate.tokens_per_minute === undefined ? {} : { tokensPerMinute: rate.tokens_per_minute }),
              ...(rate.concurrency === undefined ? {} : { concurrency: rate.concurrency }),
              ...(rate.overload_rate === undefined ? {} : { overloadRate: rate.overload_rate }),
              ...(rate.headers === undefined ? {} : { headers: rate.headers }),
            },
          }
        : {}),
    },
    tools: {
      httpRequest: {
        allowPrivate: file.tools?.http_request?.allow_private ?? false,
        allowHosts: file.tools?.http_request?.allow_hosts ?? [],
        allowMethods: file.tools?.http_request?.allow_methods ?? ['GET', 'HEAD'],
      },
      requiresApproval: Object.fromEntries(
        Object.entries(file.tools ?? {}).flatMap(([name, settings]) =>
          settings?.requires_approval === undefined ? [] : [[name, settings.requires_approval]],
        ),
      ),
    },
  };
}
