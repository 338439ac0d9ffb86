import type { Hono } from 'hono';
import { parse } from 'yaml';
import type { Runtime } from '../runtime/open-runtime.ts';
import { ApiError } from './api-error.ts';
import { putProviderKeyBody, putSettingsBody } from './api-schemas.ts';
import type { ProviderInfo, SettingsResponse } from './api-types.ts';
import { applySettings } from './apply-settings.ts';
import { applyChange } from './check-change.ts';
import { readJsonBody } from './read-request.ts';
import { readWorkspaceText } from './workspace-files.ts';

const defaultConcurrency = 8;

/** Settings: brigade.yaml's run settings, and provider keys stored encrypted (never sent back). */
export function addSettingsRoutes(app: Hono, runtime: Runtime): void {
  const { root } = runtime;

  async function settings(): Promise<SettingsResponse> {
    const text = await readWorkspaceText(root, 'brigade.yaml').catch(() => '');
    let file: Record<string, unknown> = {};
    try {
      const parsed = parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) file = parsed as Record<string, unknown>;
    } catch {
      // An unreadable brigade.yaml shows as defaults; its issues say what is wrong.
    }
    const result = await runtime.inspectWorkspace();
    const models: SettingsResponse['models'] = {};
    for (const [model, entry] of Object.entries(asRecord(file.models))) {
      const concurrency = asRecord(entry).concurrency;
      models[model] = typeof concurrency === 'number' ? { concurrency } : {};
    }
    return {
      file: 'brigade.yaml',
      concurrency: typeof file.concurrency === 'number' ? file.concurrency : null,
      defaultConcurrency,
      models,
      limits: asRecord(file.limits) as SettingsResponse['limits'],
      budget: file.budget && typeof file.budget === 'object' ? (file.budget as SettingsResponse['budget']) : null,
      providers: await runtime.providers(),
      issues: result.ok ? [] : result.issues,
    };
  }

  app.get('/api/settings', async (c) => c.json(await settings()));

  app.put('/api/settings', async (c) => {
    const change = await readJsonBody(c, putSettingsBody);
    const before = await readWorkspaceText(root, 'brigade.yaml');
    const after = applySettings(before, change);
    // Unchanged settings write nothing.
    if (after !== before) await applyChange(runtime, root, { 'brigade.yaml': after });
    return c.json(await settings());
  });

  async function providerNamed(name: string): Promise<ProviderInfo> {
    const providers = await runtime.providers();
    const found = providers.find((provider) => provider.name === name);
    if (!found) {
      throw new ApiError('NOT_FOUND', `no provider named "${name}"`, {
        hint: `providers: ${providers.map((provider) => provider.name).join(', ')}`,
      });
    }
    if (!found.needsKey) throw new ApiError('BAD_REQUEST', `the provider "${name}" needs no API key`);
    return found;
  }

  app.put('/api/providers/:name/key', async (c) => {
    const provider = await providerNamed(c.req.param('name'));
    const { key } = await readJsonBody(c, putProviderKeyBody);
    await runtime.setProviderKey(provider.name, key);
    return c.json(await providerNamed(provider.name));
  });

  app.delete('/api/providers/:name/key', async (c) => {
    const provider = await providerNamed(c.req.param('name'));
    await runtime.setProviderKey(provider.name, null);
    return c.json(await providerNamed(provider.name));
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
