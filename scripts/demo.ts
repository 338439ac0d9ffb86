// `npm start`: creates the sample marketing workspace (once, in .demo/) and runs its content-launch
// playbook end to end with live progress. Without an API key every model is simulated, and the run
// says so; with OPENAI_API_KEY set, the same command calls the real model.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from '../src/cli/main.ts';
import { color } from '../src/cli/render/format.ts';

const root = resolve(import.meta.dirname, '..');
const workspace = resolve(root, '.demo');
const tty = Boolean(process.stderr.isTTY);
const context = {
  cwd: root,
  env: process.env,
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  tty,
  columns: process.stderr.columns ?? 100,
  rows: process.stderr.rows ?? 40,
  colors: color(tty && !process.env.NO_COLOR),
  onInterrupt(handler: () => void) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

if (!existsSync(resolve(workspace, 'brigade.yaml'))) {
  const code = await main(['init', workspace], { ...context, stdout: () => {} });
  if (code !== 0) process.exit(code);
  process.stderr.write(`Created the sample workspace in .demo/ (edit its agents/ and playbooks/, then run again).\n\n`);
}
const extra = process.argv.slice(2);
let runId = '';
const watching = {
  ...context,
  stderr: (text: string) => {
    runId ||= /· (r-[a-z0-9]+)/.exec(text)?.[1] ?? '';
    context.stderr(text);
  },
};
process.exitCode = await main(['run', 'content-launch', '--workspace', workspace, ...extra], watching);
// The playbook ends with a person approving the posts: the run pauses there (exit 6). The demo plays
// that person, visibly; in your own runs, `brigade inbox` lists what waits and `brigade approve` answers.
if (process.exitCode === 6 && runId) {
  process.stderr.write(
    `\n${context.colors.bold('npm start approves the review for you')} (in your runs: brigade inbox, then brigade approve ${runId} review)\n\n`,
  );
  process.exitCode = await main(
    ['approve', runId, 'review', '--by', 'npm-start', '--comment', 'approved by the demo', '--workspace', workspace],
    watching,
  );
}
if (process.exitCode === 0) {
  process.stderr.write(
    `\nNext: npm run brigade -- show ${runId || '<run id>'} -w .demo   ·   npm run brigade -- runs -w .demo   ·   README.md\n`,
  );
}
