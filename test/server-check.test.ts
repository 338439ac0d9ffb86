// POST /api/check: what the workspace would say with a file as given, without writing it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatIssue } from '../src/spec/index.ts';
import { loadWorkspace } from '../src/workspace/load-workspace.ts';
import { startTestServer } from './server-harness.ts';

let t: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  await t.close();
});

const goodAgent = 'role: Tester\ninstructions: Check things.\ntools: [read_file]\n';

describe('POST /api/check', () => {
  it('a valid agent has no issues, and nothing is written', async () => {
    const result = await t.api.check({ kind: 'agent', name: 'tester', yaml: goodAgent });
    assert.deepEqual(result, { file: 'agents/tester.yaml', issues: [] });
    assert.equal(existsSync(join(t.dir, 'agents', 'tester.yaml')), false);
  });

  it('reports an unknown tool and model provider with the field they concern, as the CLI words them', async () => {
    const yaml = 'role: Tester\ninstructions: Check things.\nmodel: opneai:gpt-5-mini\ntools: [read_fle]\n';
    const { issues } = await t.api.check({ kind: 'agent', name: 'tester', yaml });
    const paths = issues.map((issue) => issue.path).sort();
    assert.deepEqual(paths, ['model', 'tools[0]']);
    assert.ok(issues.every((issue) => issue.file === 'agents/tester.yaml'));
    assert.match(issues.find((issue) => issue.path === 'tools[0]')!.hint ?? '', /read_file/);
    // The same issues the CLI prints come from the same check of the workspace with the file in it.
    const { cpSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const copy = mkdtempSync(join(tmpdir(), 'brigade-check-'));
    try {
      cpSync(t.dir, copy, { recursive: true, filter: (source) => !source.includes('.brigade') });
      writeFileSync(join(copy, 'agents', 'tester.yaml'), yaml);
      const direct = await loadWorkspace(copy, {
        toolNames: t.runtime.tools().map((tool) => tool.name),
        modelProviders: (await t.runtime.providers()).map((provider) => provider.name),
      });
      assert.equal(direct.ok, false);
      if (!direct.ok) assert.deepEqual(issues.map(formatIssue), direct.issues.map(formatIssue));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('checks a playbook in place of its file, and an existing agent by its file', async () => {
    const original = readFileSync(join(t.dir, 'playbooks', 'content-launch.yaml'), 'utf8');
    const broken = original.replace('agent: writer', 'agent: wirter');
    assert.notEqual(broken, original);
    const { file, issues } = await t.api.check({ kind: 'playbook', name: 'content-launch', yaml: broken });
    assert.equal(file, 'playbooks/content-launch.yaml');
    assert.ok(
      issues.some((issue) => /wirter/.test(issue.message) && /writer/.test(issue.hint ?? '')),
      JSON.stringify(issues),
    );
    assert.equal(readFileSync(join(t.dir, 'playbooks', 'content-launch.yaml'), 'utf8'), original);
    const writer = await t.api.check({ kind: 'agent', name: 'writer', yaml: 'role: x\n' });
    assert.equal(writer.file, 'agents/writer.yaml');
    assert.ok(writer.issues.some((issue) => issue.path === 'instructions'));
  });

  it('refuses bad input with 400 naming the field', async () => {
    const auth = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const kind = await t.raw('POST', '/api/check', {
      headers: auth,
      body: JSON.stringify({ kind: 'skill', name: 'x', yaml: '' }),
    });
    assert.equal(kind.status, 400);
    assert.match(kind.json().message, /kind/);
    const missing = await t.raw('POST', '/api/check', { headers: auth, body: JSON.stringify({ kind: 'agent' }) });
    assert.equal(missing.status, 400);
    const path = await t.raw('POST', '/api/check', {
      headers: auth,
      body: JSON.stringify({ kind: 'agent', name: '../brigade', yaml: '' }),
    });
    assert.equal(path.status, 400);
    assert.equal(path.json().code, 'BAD_REQUEST');
  });
});
