// Every route the OpenAPI document lists needs the token: none answers without it or with a wrong
// one, and nothing is changed by such a request. The list comes from the document, so a new route
// is covered the day it is added.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer } from './server-harness.ts';

let t: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.close();
});

/** The workspace's files and their contents: a refused request must leave them as they were. */
function snapshot(dir: string): string {
  return ['brigade.yaml', 'agents', 'playbooks']
    .flatMap((entry) =>
      entry.endsWith('.yaml')
        ? [`${entry}\n${readFileSync(join(dir, entry), 'utf8')}`]
        : readdirSync(join(dir, entry)).map(
            (file) => `${entry}/${file}\n${readFileSync(join(dir, entry, file), 'utf8')}`,
          ),
    )
    .join('\n');
}

test('every route in the OpenAPI document refuses a missing or wrong token with 401, and changes nothing', async () => {
  const { runId } = await t.api.startRun({ playbook: 'content-launch', dryRun: true });
  const document = (await t.api.openApi()) as { paths: Record<string, Record<string, unknown>> };
  const before = snapshot(t.dir);
  const runsBefore = t.runtime.store.list({}).length;
  let checked = 0;
  for (const [template, operations] of Object.entries(document.paths)) {
    const path = template
      .replace('{id}', runId)
      .replace('{name}', template.startsWith('/api/providers') ? 'openai' : 'writer')
      .replace('{approvalId}', 'review');
    for (const method of Object.keys(operations)) {
      const body = ['post', 'put'].includes(method) ? JSON.stringify({}) : undefined;
      const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${t.token}`]) {
        const answer = await t.raw(method.toUpperCase(), path, {
          headers: authorization ? { ...headers, authorization } : headers,
          ...(body ? { body } : {}),
        });
        assert.equal(answer.status, 401, `${method.toUpperCase()} ${path} with ${authorization ?? 'no token'}`);
        assert.equal(answer.json().code, 'UNAUTHORIZED');
        checked += 1;
      }
    }
  }
  assert.ok(checked >= 3 * 20, `checked ${checked} requests`);
  assert.equal(snapshot(t.dir), before, 'no file changed');
  assert.equal(t.runtime.store.list({}).length, runsBefore, 'no run was started');
  assert.equal(
    t.runtime.store.list({}).find((run) => run.id === runId)?.status === 'cancelled',
    false,
    'the run was not cancelled',
  );
});

test('the OpenAPI document lists exactly the API routes the server answers, so the check above covers them all', async () => {
  const document = (await t.api.openApi()) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
  const served = [
    ...new Set(
      t.server.app.routes
        .filter((route) => route.path.startsWith('/api/') && ['GET', 'POST', 'PUT', 'DELETE'].includes(route.method))
        .map((route) => `${route.method} ${route.path}`),
    ),
  ].sort();
  assert.deepEqual(served, documented);
});
