// The README's main command (`npm start` → scripts/demo.ts) end to end, in a temporary workspace:
// it serves the app, prints the address and the token, starts the sample run; the run waits for a
// person, and with --approve-and-exit the demo approves it through the API and the run succeeds.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..');

function startDemo(dir: string, args: string[]) {
  const child = spawn(process.execPath, [join(root, 'scripts', 'demo.ts'), '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, BRIGADE_DEMO_WORKSPACE: dir, NO_COLOR: '1', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    exited,
    output: () => out,
    async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        const ended = await Promise.race([exited.then(() => true), new Promise((done) => setTimeout(done, 50))]);
        if (ended === true) {
          const last = pattern.exec(out);
          if (last) return last;
          throw new Error(`the demo exited before printing ${pattern}:\n${out}`);
        }
      }
    },
  };
}

test('npm start serves the app, prints its address and token, and starts the sample run live', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-demo-'));
  const demo = startDemo(dir, ['--sim-latency', '20-60']);
  try {
    const [, url, runId, token] = await demo.waitFor(
      /Open the app: +(http:\/\/127\.0\.0\.1:\d+)\/runs\/(r-\w+)#token=(\S+)/,
    );
    assert.equal(
      token,
      readFileSync(join(dir, '.brigade', 'api-token'), 'utf8').trim(),
      'the printed token is the real one',
    );
    assert.match(demo.output(), new RegExp(`API token: +${token}`));
    const page = await fetch(`${url}/runs/${runId}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/, 'the web app is served');
    const runs = await fetch(`${url}/api/runs`, { headers: { authorization: `Bearer ${token}` } });
    const listed = (await runs.json()) as Array<{ id: string; playbook: string }>;
    assert.ok(
      listed.some((run) => run.id === runId && run.playbook === 'content-launch'),
      JSON.stringify(listed),
    );
    await demo.waitFor(/review waits for a person: approve it in the Inbox/);
    const inbox = (await (
      await fetch(`${url}/api/approvals`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Array<{ runId: string }>;
    assert.ok(
      inbox.some((item) => item.runId === runId),
      'the sample run waits in the inbox',
    );
    demo.child.kill('SIGINT');
    assert.equal(await demo.exited, 0, demo.output());
  } finally {
    demo.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm start -- --approve-and-exit plays the person and ends with the launch kit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-demo-'));
  const demo = startDemo(dir, ['--approve-and-exit']);
  try {
    assert.equal(await demo.exited, 0, demo.output());
    assert.match(demo.output(), /approving review as the demo/);
    assert.match(demo.output(), /✓ run r-\w+ succeeded/);
    assert.match(demo.output(), /Launch kit: /);
  } finally {
    demo.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
