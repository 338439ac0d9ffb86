import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Json } from '../../spec/json.ts';
import type { ToolOutcome } from '../../spec/tool.ts';
import { createBuiltinTools } from './create-builtin-tools.ts';
import { testContext } from './start-test-server.ts';

let base: string;
let root: string;
let outside: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'brigade-file-tools-'));
  root = join(base, 'workspace');
  outside = join(base, 'outside');
  await mkdir(join(root, 'docs'), { recursive: true });
  await mkdir(join(root, '.brigade', 'runs'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'docs', 'readme.md'), 'héllo workspace\n');
  await writeFile(join(root, '.brigade', 'runs', 'run.db'), 'secret run store');
  await writeFile(join(root, 'image.bin'), Buffer.from([1, 0, 2]));
  await writeFile(join(outside, 'secret.txt'), 'outside secret');
  await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'planted.txt'), join(root, 'dangling.txt'));
  await symlink(join(root, '.brigade'), join(root, 'store'));
  await symlink(join(root, 'docs', 'readme.md'), join(root, 'alias.md'));
  await mkdir(join(root, 'agents'));
  await symlink(join(root, 'agents'), join(root, 'team'));
});
after(() => rm(base, { recursive: true, force: true }));

function call(name: string, input: Json): Promise<ToolOutcome> {
  const tools = createBuiltinTools({ root, http: { allowPrivate: false, allowHosts: [] } });
  return tools.call(name, input, testContext());
}

function failure(outcome: ToolOutcome): string {
  assert.ok(!outcome.ok, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe('read_file', () => {
  test('reads a text file by relative or absolute path, and through a symlink inside the workspace', async () => {
    assert.deepEqual(await call('read_file', { path: 'docs/readme.md' }), { ok: true, output: 'héllo workspace\n' });
    assert.deepEqual(await call('read_file', { path: join(root, 'docs', 'readme.md') }), {
      ok: true,
      output: 'héllo workspace\n',
    });
    assert.deepEqual(await call('read_file', { path: 'alias.md' }), { ok: true, output: 'héllo workspace\n' });
  });

  test('cuts at max_bytes with a note', async () => {
    const outcome = await call('read_file', { path: 'docs/readme.md', max_bytes: 5 });
    assert.ok(outcome.ok);
    assert.match(
      String(outcome.output),
      /^héll\n\n\[truncated: showing the first 5 of 17 bytes; pass a larger max_bytes/,
    );
  });

  test('explains missing files, folders and binary files', async () => {
    assert.match(failure(await call('read_file', { path: 'nope.md' })), /no such file: "nope\.md"/);
    const folder = failure(await call('read_file', { path: '.' }));
    assert.match(folder, /is a folder, not a file; it contains: .*docs\//);
    assert.ok(!folder.includes('.brigade'));
    assert.match(failure(await call('read_file', { path: 'image.bin' })), /binary file \(3 bytes\)/);
    assert.match(failure(await call('read_file', { path: 'docs/readme.md/x' })), /a parent of it is a file/);
  });

  const escapes: Array<[string, RegExp]> = [
    ['../outside/secret.txt', /leads outside the workspace; use a path inside/],
    ['docs/../../outside/secret.txt', /leads outside the workspace/],
    ['/etc/passwd', /leads outside the workspace/],
    ['leak.txt', /leads outside the workspace through a symbolic link/],
    ['escape/secret.txt', /leads outside the workspace through a symbolic link/],
    ['.brigade/runs/run.db', /inside \.brigade\/, Brigade's run store/],
    ['docs/../.brigade/runs/run.db', /run store/],
    ['store/runs/run.db', /run store/],
    ['.BRIGADE/runs/run.db', /run store/],
  ];
  for (const [path, expected] of escapes) {
    test(`refuses ${path}`, async () => assert.match(failure(await call('read_file', { path })), expected));
  }
});

describe('write_file', () => {
  test('creates parent folders, replaces, and appends', async () => {
    assert.deepEqual(await call('write_file', { path: 'notes/deep/a.md', content: 'one' }), {
      ok: true,
      output: { path: 'notes/deep/a.md', bytes: 3 },
    });
    assert.deepEqual(await call('write_file', { path: 'notes/deep/a.md', content: 'ünd', append: true }), {
      ok: true,
      output: { path: 'notes/deep/a.md', bytes: 4 },
    });
    assert.equal(await readFile(join(root, 'notes', 'deep', 'a.md'), 'utf8'), 'oneünd');
    await call('write_file', { path: 'notes/deep/a.md', content: 'two' });
    assert.equal(await readFile(join(root, 'notes', 'deep', 'a.md'), 'utf8'), 'two');
  });

  const escapes: Array<[string, RegExp]> = [
    ['../outside/new.txt', /leads outside the workspace/],
    ['OUTSIDE/new.txt', /leads outside the workspace/],
    ['leak.txt', /through a symbolic link/],
    ['escape/new.txt', /through a symbolic link/],
    ['escape/sub/new.txt', /through a symbolic link/],
    ['dangling.txt', /symbolic link whose target does not exist/],
    ['.brigade/runs/run.db', /run store/],
    ['store/hijack.db', /run store/],
    ['.git/hooks/pre-commit', /inside \.git\/, the workspace's repository/],
    ['team/writer.yaml', /leads to agents\/writer\.yaml through a symbolic link; write it by its own path/],
  ];
  for (const [path, expected] of escapes) {
    test(`refuses ${path}`, async () => {
      const absolute = path.replace('OUTSIDE', outside);
      assert.match(failure(await call('write_file', { path: absolute, content: 'pwned' })), expected);
    });
  }

  test('leaves everything outside untouched', async () => {
    assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'outside secret');
    await assert.rejects(readFile(join(outside, 'planted.txt')), { code: 'ENOENT' });
    await assert.rejects(readFile(join(outside, 'new.txt')), { code: 'ENOENT' });
    assert.equal(await readFile(join(root, '.brigade', 'runs', 'run.db'), 'utf8'), 'secret run store');
  });

  test('refuses folders and bad input', async () => {
    assert.match(failure(await call('write_file', { path: 'docs', content: 'x' })), /"docs" is a folder/);
    assert.match(failure(await call('write_file', { path: '.', content: 'x' })), /is a folder/);
    assert.match(failure(await call('write_file', { path: 'a.md' })), /`content` is required/);
    assert.match(failure(await call('write_file', { path: 'a.md', content: 1 })), /`content` must be a string/);
    assert.match(failure(await call('write_file', { path: '', content: 'x' })), /`path` must not be empty/);
  });

  test('waits for a person before it changes what defines the workspace, and only then', () => {
    const tools = createBuiltinTools({ root, http: { allowPrivate: false, allowHosts: [] } });
    const gated = (path: string) => tools.requiresApproval('write_file', { path, content: 'x' });
    for (const path of ['brigade.yaml', 'agents/writer.yaml', 'playbooks/launch.yaml', 'notes/../Agents/x.yaml']) {
      assert.equal(gated(path), true, path);
    }
    assert.equal(gated(join(root, 'playbooks', 'p.yaml')), true, 'an absolute path inside');
    for (const path of ['notes/brigade.yaml', 'docs/agents/list.md', 'agents.md'])
      assert.equal(gated(path), false, path);
    const configured = createBuiltinTools({
      root,
      http: { allowPrivate: false, allowHosts: [] },
      requiresApproval: { write_file: false },
    });
    assert.equal(configured.requiresApproval('write_file', { path: 'agents/w.yaml', content: 'x' }), false);
  });
});
