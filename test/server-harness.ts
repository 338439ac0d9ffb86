// A real API server on an ephemeral port over a fresh `brigade init` workspace, for the API tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime } from '../src/runtime/open-runtime.ts';
import { ApiClientError, createApiClient } from '../src/server/client/create-api-client.ts';
import { startServer } from '../src/server/start-server.ts';
import { scaffoldWorkspace } from '../src/workspace/scaffold/scaffold-workspace.ts';

/** The fake key in the server's environment: no response may ever contain it. */
export const fakeSecret = 'sk-test-FAKE-SECRET-0123456789abcdef';

/**
 * Starts a server over a fresh workspace. `env` replaces the default environment (OPENAI_API_KEY set
 * to fakeSecret); the user's config folder (where the key of stored secrets lives) is always a temp
 * folder outside the workspace, as `configDir`. `simulatorLatencyMs`: how long each simulated model
 * call takes (default 5–20 ms, fast tests).
 */
export async function startTestServer(
  options: { env?: Record<string, string>; simulatorLatencyMs?: number | [number, number] } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-server-'));
  const configDir = mkdtempSync(join(tmpdir(), 'brigade-config-'));
  await scaffoldWorkspace(dir);
  const runtime = await openRuntime({
    cwd: dir,
    env: { ...(options.env ?? { OPENAI_API_KEY: fakeSecret }), BRIGADE_CONFIG_DIR: configDir },
    simulatorLatencyMs: options.simulatorLatencyMs ?? [5, 20],
  });
  const logged: string[] = [];
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', log: (line) => logged.push(line) });
  const bodies: string[] = [];
  // Every response body read through this fetch is kept, so the tests can look for secrets in all of them.
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.headers.get('content-type')?.includes('event-stream')) return response;
    const text = await response.text();
    bodies.push(text);
    return new Response(text, { status: response.status, headers: response.headers });
  };
  const api = createApiClient({ baseUrl: server.url, token: server.token.token, fetch: recordingFetch });
  return {
    dir,
    configDir,
    runtime,
    server,
    api,
    bodies,
    logged,
    token: server.token.token,
    /** A raw request with any headers (fetch cannot set Host). */
    raw(
      method: string,
      path: string,
      options: { headers?: Record<string, string>; body?: string | Buffer } = {},
    ): Promise<{ status: number; body: string; json: () => { code: string; message: string } }> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: server.port,
            method,
            path,
            headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (chunk: string) => {
              body += chunk;
            });
            res.on('end', () => {
              bodies.push(body);
              resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) });
            });
          },
        );
        req.on('error', reject);
        if (options.body !== undefined) req.write(options.body);
        req.end();
      });
    },
    async close() {
      // A run a failed test left waiting would keep the process alive: cancel what still runs.
      for (const run of runtime.store.list({ status: 'running' })) server.owned.get(run.id)?.cancel('test over');
      await server.close();
      await server.owned.settled();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes an agent that always fails (the simulator's `fail`) with an output schema, and a playbook
 * `flaky-check` whose one step escalates to a person: a run of it waits in the inbox as an escalation.
 */
export async function writeEscalatingPlaybook(
  api: ReturnType<typeof createApiClient>,
  schema: { properties: string; required: string },
): Promise<void> {
  await api.putAgent(
    'flaky-checker',
    [
      'role: Checks claims',
      'instructions: Check the claims.',
      'output_schema:',
      '  type: object',
      `  properties: ${schema.properties}`,
      `  required: ${schema.required}`,
      'simulate:',
      '  fail: { times: 99, error: bad-request }',
      '',
    ].join('\n'),
  );
  await api.putPlaybook(
    'flaky-check',
    [
      'name: flaky-check',
      'inputs:',
      '  topic: { type: string }',
      'steps:',
      '  check: { agent: flaky-checker, task: "Check {{ inputs.topic }}", on_error: escalate }',
      'output: "{{ steps.check.output }}"',
      '',
    ].join('\n'),
  );
}

/** Asserts that an API call is refused with this status and code; returns the error. */
export async function refused(promise: Promise<unknown>, status: number, code: string): Promise<ApiClientError> {
  const error = await promise.then(
    () => assert.fail(`expected ${status} ${code}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ApiClientError, String(error));
  assert.equal(error.status, status, error.message);
  assert.equal(error.code, code);
  return error;
}
