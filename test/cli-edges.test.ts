// The CLI at its edges: mistyped options, closed pipes, the store's file permissions.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBrigade } from './run-brigade.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-edges-'));
  dirs.push(dir);
  return dir;
}

describe('CLI edges', () => {
  it('names a mistyped option and suggests the right one', async () => {
    const result = await runBrigade(['run', 'x', '--dryrun'], { cwd: tempDir() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --dryrun \(did you mean --dry-run\?\)/);
  });

  it('says which option lacks its value', async () => {
    const result = await runBrigade(['runs', '--limit'], { cwd: tempDir() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /option --limit needs a value/);
  });

  it('keeps the run store readable by its owner only', async () => {
    const dir = tempDir();
    assert.equal((await runBrigade(['init', '.'], { cwd: dir })).code, 0);
    const run = await runBrigade(['run', 'lead-triage', '--dry-run', '--sim-latency', '5', '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(join(dir, '.brigade')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, '.brigade', 'brigade.db')).mode & 0o777, 0o600);
  });

  it('finishes a run quietly when its reader goes away (EPIPE), and the run completes', async () => {
    const dir = tempDir();
    assert.equal((await runBrigade(['init', '.'], { cwd: dir })).code, 0);
    const cli = resolve(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
    const child = spawn(process.execPath, [cli, 'run', 'lead-triage', '--dry-run', '--sim-latency', '20'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.once('data', (chunk) => {
      stderr += chunk;
      child.stderr.destroy(); // the reader of progress goes away, like `| head -1`
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(code, 0, 'the run went on to the end');
    assert.doesNotMatch(stderr, /EPIPE/);
    const runs = await runBrigade(['runs', '--json'], { cwd: dir });
    assert.equal(JSON.parse(runs.stdout)[0].status, 'succeeded');
  });
});
