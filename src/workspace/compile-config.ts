import type { BrigadeFile } from './brigade-file-schema.ts';
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
  const latencyMs = file.simulator?.latency_ms;
  return {
    model: file.model ?? fallbackModel,
    concurrency: file.concurrency ?? 8,
    models,
    providers,
    simulator: latencyMs === undefined ? {} : { latencyMs },
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
