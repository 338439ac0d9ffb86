// The HTTP API end to end: a real server on an ephemeral port over a `brigade init` workspace.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunEvent } from '../src/spec/index.ts';
import { fakeSecret, refused, startTestServer, writeEscalatingPlaybook } from './server-harness.ts';

/** A key stored through the API: like the env secret, no response may ever contain it. */
const storedSecret = 'sk-or-STORED-SECRET-0123456789wxyz';

let t: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  t = await startTestServer();
  await t.api.setProviderKey('openrouter', storedSecret);
});
after(async () => {
  // No response of any test may hold the token or an env secret.
  for (const body of t.bodies) {
    assert.ok(!body.includes(t.token), `a response holds the token: ${body.slice(0, 200)}`);
    assert.ok(!body.includes(fakeSecret), `a response holds an env secret: ${body.slice(0, 200)}`);
    assert.ok(!body.includes(storedSecret), `a response holds a stored secret: ${body.slice(0, 200)}`);
  }
  for (const line of t.logged) assert.ok(!line.includes(storedSecret), 'a log line holds a stored secret');
  assert.ok(t.bodies.length > 30, 'the secret check saw the responses');
  await t.close();
});

describe('security', () => {
  it('refuses a missing or wrong token (401), also as ?token= outside the event stream', async () => {
    const missing = await t.raw('GET', '/api/workspace');
    assert.equal(missing.status, 401);
    assert.equal(missing.json().code, 'UNAUTHORIZED');
    const wrong = await t.raw('GET', '/api/workspace', { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const query = await t.raw('GET', `/api/workspace?token=${t.token}`);
    assert.equal(query.status, 401);
    const right = await t.raw('GET', '/api/workspace', { headers: { authorization: `Bearer ${t.token}` } });
    assert.equal(right.status, 200);
  });

  it('refuses a foreign Host (403) and a cross Origin (403); accepts localhost and the same origin', async () => {
    const auth = { authorization: `Bearer ${t.token}` };
    const rebound = await t.raw('GET', '/api/workspace', { headers: { ...auth, host: 'evil.example:80' } });
    assert.equal(rebound.status, 403);
    assert.equal(rebound.json().code, 'FORBIDDEN_HOST');
    const otherPort = await t.raw('GET', '/api/workspace', { headers: { ...auth, host: '127.0.0.1:1' } });
    assert.equal(otherPort.status, 403);
    const cross = await t.raw('GET', '/api/workspace', { headers: { ...auth, origin: 'http://evil.example' } });
    assert.equal(cross.status, 403);
    assert.equal(cross.json().code, 'FORBIDDEN_ORIGIN');
    const local = await t.raw('GET', '/api/workspace', {
      headers: { ...auth, host: `localhost:${t.server.port}`, origin: `http://localhost:${t.server.port}` },
    });
    assert.equal(local.status, 200);
  });

  it('keeps the token in .brigade/api-token, mode 0600 in a 0700 folder', async () => {
    const { statSync } = await import('node:fs');
    assert.equal(statSync(join(t.dir, '.brigade', 'api-token')).mode & 0o777, 0o600);
    assert.equal(statSync(join(t.dir, '.brigade')).mode & 0o777, 0o700);
    assert.equal(readFileSync(join(t.dir, '.brigade', 'api-token'), 'utf8').trim(), t.token);
    assert.equal(Buffer.from(t.token, 'base64url').length, 32);
  });

  it('answers unknown routes with NOT_FOUND and never a stack', async () => {
    const missing = await t.raw('GET', '/api/nothing', { headers: { authorization: `Bearer ${t.token}` } });
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys(missing.json()).sort(), ['code', 'message']);
  });
});

describe('bad input', () => {
  const auth = () => ({ authorization: `Bearer ${t.token}`, 'content-type': 'application/json' });

  it('wrong types and unknown fields are 400 BAD_REQUEST', async () => {
    const wrongType = await t.raw('POST', '/api/runs', { headers: auth(), body: JSON.stringify({ playbook: 42 }) });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.json().code, 'BAD_REQUEST');
    assert.match(wrongType.json().message, /playbook/);
    const unknown = await t.raw('POST', '/api/runs', {
      headers: auth(),
      body: JSON.stringify({ playbook: 'content-launch', dryrun: true }),
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json().message, /dryrun/);
    const notJson = await t.raw('POST', '/api/runs', { headers: auth(), body: '{"playbook":' });
    assert.equal(notJson.status, 400);
    const decision = await t.raw('POST', '/api/runs/r-x/approvals/a', { headers: auth(), body: '{}' });
    assert.equal(decision.status, 404, 'an unknown run is looked up before the body');
    const query = await t.raw('GET', '/api/runs?status=sleeping', { headers: auth() });
    assert.equal(query.status, 400);
    const limit = await t.raw('GET', '/api/runs?limit=-1', { headers: auth() });
    assert.equal(limit.status, 400);
  });

  it('a body over 1 MiB is 413, with or without a length', async () => {
    const huge = JSON.stringify({ yaml: 'x'.repeat(1024 * 1024 + 10) });
    const declared = await t.raw('PUT', '/api/agents/writer', { headers: auth(), body: huge });
    assert.equal(declared.status, 413);
    assert.equal(declared.json().code, 'BODY_TOO_LARGE');
    const chunked = await t.raw('PUT', '/api/agents/writer', {
      headers: { ...auth(), 'transfer-encoding': 'chunked' },
      body: huge,
    });
    assert.equal(chunked.status, 413);
  });

  it('JSON nested deeper than 32 levels is 400', async () => {
    const deep = `{"playbook":"content-launch","inputs":{"topic":${'['.repeat(40)}${']'.repeat(40)}}}`;
    const response = await t.raw('POST', '/api/runs', { headers: auth(), body: deep });
    assert.equal(response.status, 400);
    assert.match(response.json().message, /deeper than 32/);
  });

  it('unknown ids are 404 with their own codes', async () => {
    await refused(t.api.getRun('r-unknown'), 404, 'RUN_NOT_FOUND');
    await refused(t.api.findings('r-unknown'), 404, 'RUN_NOT_FOUND');
    await refused(t.api.explainRun('r-unknown'), 404, 'RUN_NOT_FOUND');
    await refused(t.api.cancelRun('r-unknown'), 404, 'RUN_NOT_FOUND');
    await refused(t.api.resumeRun('r-unknown'), 404, 'RUN_NOT_FOUND');
    await refused(t.api.decide('r-unknown', 'review', { decision: 'approve' }), 404, 'RUN_NOT_FOUND');
    await refused(t.api.getAgent('nobody'), 404, 'NOT_FOUND');
    await refused(t.api.getPlaybook('nothing'), 404, 'PLAYBOOK_NOT_FOUND');
    await refused(t.api.startRun({ playbook: 'nothing', dryRun: true }), 404, 'PLAYBOOK_NOT_FOUND');
    await refused(t.api.getAgent('../brigade'), 400, 'BAD_REQUEST');
  });

  it('invalid run inputs are 422 INPUT_INVALID with issues', async () => {
    const error = await refused(
      t.api.startRun({ playbook: 'content-launch', inputs: { audience: 'founders' }, dryRun: true }),
      422,
      'INPUT_INVALID',
    );
    assert.match(error.issues?.[0]?.message ?? '', /unknown input "audience"/);
  });
});

describe('workspace, agents, playbooks', () => {
  it('GET /api/workspace: config, providers with whether a key is set (never its value), names', async () => {
    const workspace = await t.api.workspace();
    assert.equal(workspace.valid, true);
    assert.equal(workspace.config?.model, 'openai:gpt-5-mini');
    const openai = workspace.providers.find((provider) => provider.name === 'openai');
    assert.deepEqual(openai, {
      name: 'openai',
      apiKeyEnv: 'OPENAI_API_KEY',
      keySet: true,
      custom: false,
      keySource: 'environment',
      stored: false,
      keyEnding: fakeSecret.slice(-4),
      needsKey: true,
    });
    assert.equal(workspace.providers.find((provider) => provider.name === 'anthropic')?.keySet, false);
    assert.ok(workspace.agents.includes('writer'));
    assert.deepEqual(workspace.playbooks.includes('content-launch'), true);
  });

  it('agents: list, read, create, refuse an invalid one with file:line issues and write nothing, delete', async () => {
    const agents = await t.api.listAgents();
    assert.ok(agents.some((agent) => agent.name === 'writer' && agent.role));
    const writer = await t.api.getAgent('writer');
    assert.equal(writer.yaml, readFileSync(join(t.dir, 'agents', writer.file.split('/')[1]!), 'utf8'));
    assert.equal(writer.compiled?.name, 'writer');

    const created = await t.api.putAgent('copy-editor', 'role: copy editor\ninstructions: Fix typos.\n');
    assert.equal(created.compiled?.role, 'copy editor');
    assert.equal(
      readFileSync(join(t.dir, 'agents', 'copy-editor.yaml'), 'utf8'),
      'role: copy editor\ninstructions: Fix typos.\n',
    );

    const before = readFileSync(join(t.dir, 'agents', 'copy-editor.yaml'), 'utf8');
    const error = await refused(
      t.api.putAgent('copy-editor', 'role: copy editor\ninstructions: Fix typos.\ntools: [no_such_tool]\n'),
      422,
      'WORKSPACE_INVALID',
    );
    const issue = error.issues?.find((each) => each.file === 'agents/copy-editor.yaml');
    assert.ok(issue, JSON.stringify(error.issues));
    assert.equal(issue.line, 3);
    assert.equal(readFileSync(join(t.dir, 'agents', 'copy-editor.yaml'), 'utf8'), before, 'nothing written');
    await refused(t.api.putAgent('broken', 'role: [unclosed\n'), 422, 'WORKSPACE_INVALID');
    await refused(t.api.getAgent('broken'), 404, 'NOT_FOUND');

    await refused(t.api.deleteAgent('writer'), 422, 'WORKSPACE_INVALID'); // content-launch uses it
    assert.ok((await t.api.listAgents()).some((agent) => agent.name === 'writer'));
    assert.deepEqual(await t.api.deleteAgent('copy-editor'), {
      name: 'copy-editor',
      file: 'agents/copy-editor.yaml',
      deleted: true,
    });
    await refused(t.api.getAgent('copy-editor'), 404, 'NOT_FOUND');
  });

  it('playbooks: read with inputs; PUT unchanged leaves the file byte-identical; an invalid one is refused', async () => {
    const list = await t.api.listPlaybooks();
    assert.ok(list.some((playbook) => playbook.name === 'content-launch' && playbook.steps! > 3));
    const playbook = await t.api.getPlaybook('content-launch');
    assert.ok(playbook.inputs && 'topic' in playbook.inputs);
    const path = join(t.dir, playbook.file);
    const bytes = readFileSync(path);
    const saved = await t.api.putPlaybook('content-launch', playbook.yaml);
    assert.equal(saved.compiled?.name, 'content-launch');
    assert.ok(readFileSync(path).equals(bytes), 'byte-identical');
    const error = await refused(
      t.api.putPlaybook('content-launch', playbook.yaml.replace('agent: writer', 'agent: ghostwriter')),
      422,
      'WORKSPACE_INVALID',
    );
    assert.ok(
      error.issues?.some((issue) => issue.file === playbook.file && issue.line && /ghostwriter/.test(issue.message)),
    );
    assert.ok(readFileSync(path).equals(bytes), 'nothing written');
    const made = await t.api.putPlaybook('tiny', 'name: tiny\nsteps:\n  one: { agent: writer, task: "hello" }\n');
    assert.equal(made.compiled?.name, 'tiny');
    assert.equal((await t.api.deletePlaybook('tiny')).deleted, true);
  });

  it('POST /api/check: the issues a changed file would bring, nothing written', async () => {
    const playbook = await t.api.getPlaybook('content-launch');
    const path = join(t.dir, playbook.file);
    const bytes = readFileSync(path);
    assert.deepEqual((await t.api.check({ kind: 'playbook', name: 'content-launch', yaml: playbook.yaml })).issues, []);
    const { issues } = await t.api.check({
      kind: 'playbook',
      name: 'content-launch',
      yaml: playbook.yaml.replace('agent: writer', 'agent: ghostwriter'),
    });
    assert.ok(issues.some((issue) => issue.file === playbook.file && issue.path === 'steps.draft.agent' && issue.line));
    assert.ok(readFileSync(path).equals(bytes), 'nothing written');
    const agent = await t.api.check({ kind: 'agent', name: 'writer', yaml: 'role: [' });
    assert.ok(agent.issues.some((issue) => issue.file === 'agents/writer.yaml'));
    await refused(t.api.check({ kind: 'playbook', name: '../x', yaml: '' }), 400, 'BAD_REQUEST');
  });

  it('serves an OpenAPI document generated from the request schemas', async () => {
    type Operation = {
      requestBody?: { content: Record<string, { schema: { required: string[]; additionalProperties: boolean } }> };
    };
    const doc = (await t.api.openApi()) as { openapi: string; paths: Record<string, Record<string, Operation>> };
    assert.equal(doc.openapi, '3.1.0');
    const start = doc.paths['/api/runs']!.post!.requestBody!.content['application/json']!.schema;
    assert.deepEqual(start.required, ['playbook']);
    assert.equal(start.additionalProperties, false);
    assert.ok(doc.paths['/api/runs/{id}/events']!.get);
    assert.ok(doc.paths['/api/runs/{id}/explain']!.get, 'the explain route is documented');
  });
});

describe('runs over the API', () => {
  it('a content-launch dry run, watched live, approved through the API, to run-end on the same stream; a reconnect loses and repeats nothing', async () => {
    const { runId } = await t.api.startRun({ playbook: 'content-launch', dryRun: true, inputs: { topic: 'spring' } });
    const seen: RunEvent[] = [];
    // First connection: a few events, then the client leaves mid-run.
    const first = new AbortController();
    for await (const message of t.api.events(runId, { signal: first.signal })) {
      if (message.kind !== 'event') continue;
      seen.push(message.event);
      if (seen.length === 8) break;
    }
    first.abort();
    // Second connection from the last id seen: to the approval, then the decision, then run-end.
    let deltas = 0;
    let approved = false;
    for await (const message of t.api.events(runId, { after: seen.at(-1)!.seq })) {
      if (message.kind === 'delta') deltas++;
      if (message.kind !== 'event') continue;
      seen.push(message.event);
      if (message.event.type === 'approval-request' && message.event.request.id === 'review') {
        const inbox = await t.api.inbox();
        assert.ok(inbox.some((item) => item.runId === runId && item.id === 'review' && item.status === 'pending'));
        const decided = await t.api.decide(runId, 'review', { decision: 'approve', comment: 'ship it' });
        assert.equal(decided.outcome, 'delivered');
        approved = true;
      }
    }
    assert.ok(approved, 'the review approval came over the stream');
    assert.equal(seen.at(-1)!.type, 'run-end');
    assert.deepEqual(
      seen.map((event) => event.seq),
      seen.map((_, index) => index + 1),
      'contiguous, no duplicates',
    );
    assert.ok(deltas > 0, 'streamed text came over the stream as deltas');
    const run = await t.api.getRun(runId);
    assert.equal(run.run.status, 'succeeded');
    assert.equal(run.run.lastSeq, seen.length);
    assert.ok((await t.api.findings(runId)).findings.length > 0);
    assert.ok(!(await t.api.inbox()).some((item) => item.runId === runId));

    // A finished run replays from the store and the stream ends after run-end.
    const replay: number[] = [];
    for await (const message of t.api.events(runId, { after: 70 }))
      if (message.kind === 'event') replay.push(message.event.seq);
    assert.deepEqual(
      replay,
      Array.from({ length: seen.length - 70 }, (_, index) => 71 + index),
    );
    await refused(t.api.cancelRun(runId), 409, 'RUN_FINISHED');
    await refused(t.api.resumeRun(runId), 409, 'RUN_FINISHED');
    await refused(t.api.decide(runId, 'review', { decision: 'approve' }), 409, 'RUN_FINISHED');
    const listed = await t.api.listRuns({ status: 'succeeded', limit: 5 });
    const item = listed.find((summary) => summary.id === runId);
    assert.ok(item, 'the run is listed');
    // Its figures agree with its state: every step done, the run's token total, simulated.
    const { state } = await t.api.getRun(runId);
    const totals = (state as { totals: { inputTokens: number; outputTokens: number; costUsd: number } }).totals;
    const steps = Object.keys((state as { steps: Record<string, unknown> }).steps).length;
    assert.deepEqual(item.figures, {
      stepsDone: steps,
      stepsTotal: steps,
      tokens: totals.inputTokens + totals.outputTokens,
      costUsd: totals.costUsd,
      dryRun: true,
      simulated: 'all',
    });
    assert.ok(item.figures.tokens > 0);

    // What each agent saw and did: the same explanation as `brigade explain --json`.
    const explained = await t.api.explainRun(runId);
    assert.equal(explained.runId, runId);
    assert.equal(explained.status, 'succeeded');
    assert.ok(explained.units.some((unit) => unit.unit === 'versions[1]'));
    const draft = await t.api.explainRun(runId, 'draft');
    assert.deepEqual(
      draft.units.map((unit) => unit.unit),
      ['draft'],
    );
    const attempt = draft.units[0]!.attempts[0]!;
    assert.equal(attempt.agent, 'writer');
    assert.ok(attempt.system && attempt.system.length > 0, 'the system prompt is there');
    assert.match(attempt.task ?? '', /Write the launch post/);
    assert.equal(attempt.outcome.status, 'succeeded');
    const unknown = await refused(t.api.explainRun(runId, 'nope'), 400, 'USAGE');
    assert.match(unknown.message, /no step "nope"/);
    assert.match(unknown.hint ?? '', /draft/);
  });

  it('cancel a running run; a wrong decision is refused; the stream ends with run-end cancelled', async () => {
    const { runId } = await t.api.startRun({ playbook: 'content-launch', dryRun: true });
    await refused(t.api.decide(runId, 'review', { decision: 'approve' }), 404, 'APPROVAL_NOT_FOUND');
    await refused(t.api.resumeRun(runId), 409, 'RUN_BUSY');
    const cancelled = await t.api.cancelRun(runId, 'test');
    assert.equal(cancelled.runId, runId);
    let last: RunEvent | undefined;
    for await (const message of t.api.events(runId)) if (message.kind === 'event') last = message.event;
    assert.equal(last?.type, 'run-end');
    assert.equal((last as { status: string }).status, 'cancelled');
  });
});

describe('the inbox over the API', () => {
  it('an escalation lists the run inputs and the output schema; a hand output that does not match is refused, one that does lets the run go on', async () => {
    await writeEscalatingPlaybook(t.api, { properties: '{ ok: { type: boolean } }', required: '[ok]' });
    const { runId } = await t.api.startRun({ playbook: 'flaky-check', dryRun: true, inputs: { topic: 'tulips' } });
    let item: Awaited<ReturnType<typeof t.api.inbox>>[number] | undefined;
    while (!item) {
      item = (await t.api.inbox()).find((each) => each.runId === runId);
      if (!item) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(item.kind, 'escalation');
    assert.deepEqual(item.runInputs, { topic: 'tulips' });
    assert.deepEqual(item.outputSchema, { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] });
    assert.deepEqual(item.options, ['provide', 'retry', 'skip']);
    const wrong = await refused(
      t.api.decide(runId, item.id, { decision: 'provide', content: { ok: 'yes' } }),
      400,
      'USAGE',
    );
    assert.match(wrong.message, /does not match its output schema/);
    await t.api.decide(runId, item.id, { decision: 'provide', content: { ok: true } });
    let run = await t.api.getRun(runId);
    while (run.run.status === 'running' || run.run.status === 'paused') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = await t.api.getRun(runId);
    }
    assert.equal(run.run.status, 'succeeded');
    assert.deepEqual((run.state as { output?: unknown }).output, { ok: true });
  });
});
