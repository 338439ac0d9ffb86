// Settings through the API: brigade.yaml's run settings (rewritten with its comments kept) and
// provider keys stored encrypted, never sent back, used by the runs started after them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOpenAICompatibleServer } from '../src/testing/openai-compatible-server.ts';
import { fakeSecret, refused, startTestServer } from './server-harness.ts';

const storedSecret = 'sk-ant-STORED-SECRET-9876543210wxyz';

let t: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  t = await startTestServer();
});
after(async () => {
  for (const body of t.bodies) {
    assert.ok(!body.includes(fakeSecret), `a response holds an env secret: ${body.slice(0, 200)}`);
    assert.ok(!body.includes(storedSecret), `a response holds a stored secret: ${body.slice(0, 200)}`);
  }
  for (const line of t.logged) assert.ok(!line.includes(storedSecret), 'a log line holds a stored secret');
  await t.close();
});

const brigadeYaml = () => readFileSync(join(t.dir, 'brigade.yaml'), 'utf8');

describe('run settings', () => {
  it('reads brigade.yaml as written', async () => {
    const settings = await t.api.settings();
    assert.equal(settings.concurrency, 8);
    assert.deepEqual(settings.models, { 'openai:gpt-5-mini': { concurrency: 6 } });
    assert.deepEqual(settings.limits, {});
    assert.equal(settings.budget, null);
  });

  it('rewrites brigade.yaml keeping its comments; runs started afterwards use the new values', async () => {
    const before = brigadeYaml();
    const settings = await t.api.putSettings({
      concurrency: 3,
      models: { 'openai:gpt-5-mini': { concurrency: 2 } },
      limits: { openai: { requests_per_minute: 500, tokens_per_minute: 200000 } },
      budget: { model_calls: 40, time: '10m' },
    });
    assert.equal(settings.concurrency, 3);
    assert.deepEqual(settings.limits, { openai: { requests_per_minute: 500, tokens_per_minute: 200000 } });
    const text = brigadeYaml();
    assert.match(text, /^concurrency: 3$/m);
    assert.match(text, /# At most this many agents work at the same time/);
    assert.match(text, /# Your own OpenAI-compatible endpoints/);
    assert.match(text, /allow_private: false/);
    assert.equal(
      text.split('\n').filter((line) => line.startsWith('#')).length,
      before.split('\n').filter((line) => line.startsWith('#')).length,
    );

    const { runId } = await t.api.startRun({ playbook: 'content-launch', inputs: { topic: 'AI' }, dryRun: true });
    const start = t.runtime.store.read(runId as never)[0];
    assert.equal(start?.type, 'run-start');
    if (start?.type === 'run-start') assert.deepEqual(start.playbook.budget, { modelCalls: 40, timeMs: 600_000 });
    await t.api.cancelRun(runId);

    const removed = await t.api.putSettings({
      budget: null,
      limits: { openai: null, anthropic: null },
      models: { 'ollama:qwen3': { concurrency: null } },
    });
    assert.equal(removed.budget, null);
    assert.doesNotMatch(brigadeYaml(), /^budget:/m);
    assert.doesNotMatch(brigadeYaml(), /^limits:/m);
  });

  it('a brigade.yaml edited by hand reaches runs started after it, without a restart', async () => {
    const first = await t.api.startRun({ playbook: 'content-launch', inputs: { topic: 'AI' }, dryRun: true });
    await t.api.cancelRun(first.runId);
    const text = brigadeYaml();
    writeFileSync(
      join(t.dir, 'brigade.yaml'),
      text.replace(/^( {2}"openai:gpt-5-mini":\n)/m, '$1    context_window: 54321\n'),
    );
    assert.notEqual(brigadeYaml(), text);
    await t.api.workspace(); // any read of the workspace picks the change up
    const { runId } = await t.api.startRun({ playbook: 'content-launch', inputs: { topic: 'AI' }, dryRun: true });
    const start = t.runtime.store.read(runId as never)[0];
    assert.ok(start?.type === 'run-start');
    assert.equal(start.models.find((model) => model.model === 'openai:gpt-5-mini')?.contextWindow, 54321);
    await t.api.cancelRun(runId);
    writeFileSync(join(t.dir, 'brigade.yaml'), text);
  });

  it('refuses invalid values with 422 and every issue, writing nothing; wrong types with 400', async () => {
    const before = brigadeYaml();
    const error = await refused(t.api.putSettings({ concurrency: 0 }), 422, 'WORKSPACE_INVALID');
    assert.ok(error.issues?.some((issue) => issue.file === 'brigade.yaml' && issue.path === 'concurrency'));
    await refused(t.api.putSettings({ budget: { time: 'soon' } }), 422, 'WORKSPACE_INVALID');
    await refused(t.api.putSettings({ limits: { 'not a key!': { concurrency: 2 } } }), 422, 'WORKSPACE_INVALID');
    assert.equal(brigadeYaml(), before);
    const auth = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const wrong = await t.raw('PUT', '/api/settings', { headers: auth, body: JSON.stringify({ concurrency: 'many' }) });
    assert.equal(wrong.status, 400);
    assert.match(wrong.json().message, /concurrency/);
    const unknown = await t.raw('PUT', '/api/settings', { headers: auth, body: JSON.stringify({ concurency: 2 }) });
    assert.equal(unknown.status, 400);
  });
});

describe('provider keys', () => {
  it('stores a key encrypted, outside-the-workspace key file 0600; reports it masked, never returns it', async () => {
    const info = await t.api.setProviderKey('anthropic', storedSecret);
    assert.equal(info.keySet, true);
    assert.equal(info.keySource, 'stored');
    assert.equal(info.keyEnding, 'wxyz');
    const secretsFile = join(t.dir, '.brigade', 'secrets.json');
    const stored = readFileSync(secretsFile, 'utf8');
    assert.ok(!stored.includes(storedSecret), 'the stored key is in plain text');
    assert.ok(!stored.includes('STORED-SECRET'), 'part of the stored key is in plain text');
    assert.ok(!Buffer.from(stored).includes(Buffer.from(storedSecret).toString('base64').slice(0, 16)));
    const keyFile = join(t.configDir, 'secret.key');
    assert.ok(existsSync(keyFile));
    assert.ok(!keyFile.startsWith(t.dir));
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(join(t.dir, '.gitignore'), 'utf8'), /\.brigade/);
    const listed = (await t.api.workspace()).providers.find((provider) => provider.name === 'anthropic');
    assert.equal(listed?.keySource, 'stored');
  });

  it('the environment variable wins over a stored key, and says so', async () => {
    const info = await t.api.setProviderKey('openai', 'sk-stored-openai-0000000000');
    assert.equal(info.keySource, 'environment');
    assert.equal(info.stored, true);
    assert.equal(info.keyEnding, fakeSecret.slice(-4));
    const removed = await t.api.removeProviderKey('openai');
    assert.equal(removed.stored, false);
    assert.equal(removed.keySource, 'environment');
  });

  it('removes a stored key', async () => {
    const info = await t.api.removeProviderKey('anthropic');
    assert.equal(info.keySet, false);
    assert.equal(info.stored, false);
    assert.equal(info.keySource, undefined);
    assert.ok(!readFileSync(join(t.dir, '.brigade', 'secrets.json'), 'utf8').includes('anthropic'));
  });

  it('refuses an unknown provider (404), one that needs no key, and a malformed key (400)', async () => {
    const unknown = await refused(t.api.setProviderKey('opnai', 'sk-0123456789abcdef'), 404, 'NOT_FOUND');
    assert.match(unknown.hint ?? '', /openai/);
    await refused(t.api.setProviderKey('ollama', 'sk-0123456789abcdef'), 400, 'BAD_REQUEST');
    const short = await refused(t.api.setProviderKey('openai', 'abc'), 400, 'BAD_REQUEST');
    assert.match(short.message, /key/);
    await refused(t.api.setProviderKey('openai', 'has spaces in it'), 400, 'BAD_REQUEST');
  });
});

describe('a stored key reaches the provider', () => {
  it('a run started after the key is stored sends it (no key in the environment)', async () => {
    const provider = await startOpenAICompatibleServer(() => ({ text: 'Hello from the fake provider.' }));
    const s = await startTestServer({ env: { OPENAI_BASE_URL: provider.url } });
    try {
      writeFileSync(join(s.dir, 'agents', 'solo.yaml'), 'role: Greeter\ninstructions: Say hello.\n');
      writeFileSync(join(s.dir, 'playbooks', 'solo.yaml'), 'steps:\n  hello: { agent: solo, task: "Say hello" }\n');
      const before = (await s.api.workspace()).providers.find((each) => each.name === 'openai');
      assert.equal(before?.keySet, false);
      // A run before the key: simulated.
      const first = await s.api.startRun({ playbook: 'solo' });
      const firstStart = s.runtime.store.read(first.runId as never)[0];
      assert.ok(firstStart?.type === 'run-start' && firstStart.models[0]?.simulated === true);
      await s.api.setProviderKey('openai', storedSecret);
      const { runId } = await s.api.startRun({ playbook: 'solo' });
      const start = s.runtime.store.read(runId as never)[0];
      assert.ok(start?.type === 'run-start' && start.models[0]?.simulated === false, JSON.stringify(start));
      for (let i = 0; i < 400 && (await s.api.getRun(runId)).run.status === 'running'; i++) await sleep(25);
      assert.equal((await s.api.getRun(runId)).run.status, 'succeeded');
      assert.ok(provider.requests.length > 0);
      assert.equal(provider.requests[0]?.headers.authorization, `Bearer ${storedSecret}`);
      for (const body of s.bodies) assert.ok(!body.includes(storedSecret), 'a response holds the stored key');
      const events = JSON.stringify(s.runtime.store.read(runId as never));
      assert.ok(!events.includes(storedSecret), 'an event holds the stored key');
    } finally {
      await s.close();
      await provider.close();
    }
  });
});
