import { BrigadeError, formatIssue, WorkspaceInvalidError } from '../spec/index.ts';
import type { CliContext } from './cli-context.ts';
import { cancelCommand } from './commands/cancel-command.ts';
import { createDecideCommand } from './commands/decide-command.ts';
import { explainCommand } from './commands/explain-command.ts';
import { inboxCommand } from './commands/inbox-command.ts';
import { initCommand } from './commands/init-command.ts';
import { resumeCommand } from './commands/resume-command.ts';
import { runCommand } from './commands/run-command.ts';
import { runsCommand } from './commands/runs-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { showCommand } from './commands/show-command.ts';
import { validateCommand } from './commands/validate-command.ts';
import { exitCodeForError, exitCodes } from './exit-codes.ts';
import { color } from './render/format.ts';

const commands: Record<string, (args: string[], context: CliContext) => Promise<number>> = {
  init: initCommand,
  validate: validateCommand,
  run: runCommand,
  runs: runsCommand,
  show: showCommand,
  explain: explainCommand,
  resume: resumeCommand,
  cancel: cancelCommand,
  inbox: inboxCommand,
  approve: createDecideCommand('approve'),
  reject: createDecideCommand('reject'),
  decide: createDecideCommand('decide'),
  serve: serveCommand,
};

const usage = `Brigade: run a brigade of AI agents in parallel, durably.

Usage: brigade <command> [options]

  init [dir]                 create a workspace with a working marketing example
  validate                   check brigade.yaml, agents/ and playbooks/
  run <playbook>             run a playbook with live progress
      --input/-i k=v         an input (repeatable); --input-file f.yaml|json for many
      --dry-run              simulate every model (no provider is called)
      --sim-latency ms|a-b   simulator latency for this run
      --json                 print the result as JSON (no live progress)
      --wait                 when only people's decisions are left, wait for them
                             (default: pause the run and exit 6; deciding continues it)
  runs [--status s] [--limit n] [--json]
                             recent runs (default: the last 20)
  show <run> [--json] [--events]
                             a run's steps, timeline, cost and output (and its event log)
  explain <run> [step] [--json]
                             what every agent was shown (system, task, context, findings) and did
  resume <run>               finish an interrupted or paused run (recorded work is not redone)
      --budget k=v,…         raise run limits: tokens, cost_usd, model_calls, time (e.g. 10m)
      --step-budget step:k=v,…  raise a step's limits
      --wait, --json, --sim-latency   as for run
  cancel <run> [--reason text]
                             stop a run
  inbox [--json]             decisions waiting for a person, across runs
  approve <run> <step|id> [--edit file] [--comment text]
  reject <run> <step|id> [--comment text]
  decide <run> <step|id> provide|retry|skip [--edit file]
                             answer an escalated step (provide its output by hand)
      --by name              who decides (default: your user name); a paused run goes on here,
                             with --json and --sim-latency as for run
  serve [--port 4870] [--host 127.0.0.1]
                             the HTTP API (and live event streams) on this workspace,
                             with a token kept in .brigade/api-token

Every command takes --workspace/-w <dir> (default: the nearest folder with brigade.yaml).
Exit codes: 0 ok, 1 run failed, 2 invalid input or usage, 3 run cancelled, 4 not found, 5 run busy,
6 run paused (waiting for a decision or a raised budget).
`;

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], context: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    context.stdout(usage);
    return name ? exitCodes.ok : exitCodes.invalid;
  }
  if (name === '--version' || name === '-v') {
    context.stdout('brigade 0.1.0\n');
    return exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    context.stderr(`error: unknown command "${name}"\n\n${usage}`);
    return exitCodes.invalid;
  }
  if (args.includes('--help') || args.includes('-h')) {
    context.stdout(usage);
    return exitCodes.ok;
  }
  try {
    return await command(args, context);
  } catch (error) {
    return reportError(error, context, name);
  }
}

const knownOptions = [
  '--input',
  '--input-file',
  '--dry-run',
  '--sim-latency',
  '--json',
  '--workspace',
  '--status',
  '--limit',
  '--events',
  '--reason',
  '--wait',
  '--budget',
  '--step-budget',
  '--edit',
  '--comment',
  '--by',
  '--port',
  '--host',
];

/** Node's argument parser speaks to programmers; say it for people, with a did-you-mean. */
function describeArgumentError(error: Error, command: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (unknown && knownOptions.includes(unknown)) {
    return `${unknown} is not an option of \`brigade ${command}\` (see brigade --help)`;
  }
  if (unknown) {
    const guess = knownOptions
      .map((option) => ({ option, distance: editDistance(unknown, option) }))
      .sort((a, b) => a.distance - b.distance)[0];
    return `unknown option ${unknown}${guess && guess.distance <= 3 ? ` (did you mean ${guess.option}?)` : ''}`;
  }
  const missing = /Option '([^']+)' argument missing/.exec(error.message)?.[1];
  if (missing)
    return `option ${missing
      .split(',')
      .at(-1)
      ?.trim()
      .replace(/ <value>$/, '')} needs a value`;
  return error.message.split('. To specify')[0] ?? error.message;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function reportError(error: unknown, context: CliContext, command: string): number {
  const { colors } = context;
  if (error instanceof WorkspaceInvalidError) {
    context.stderr(`${colors.red('error:')} ${error.message}\n`);
    for (const issue of error.issues) context.stderr(`  ${formatIssue(issue)}\n`);
    return exitCodeForError[error.code];
  }
  if (error instanceof BrigadeError) {
    context.stderr(`${colors.red('error:')} ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    return exitCodeForError[error.code];
  }
  if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    context.stderr(
      `${colors.red('error:')} ${describeArgumentError(error as Error, command)}\n  hint: see \`brigade --help\`\n`,
    );
    return exitCodes.invalid;
  }
  context.stderr(`${colors.red('internal error:')} ${(error as Error)?.stack ?? String(error)}\n`);
  return exitCodes.internal;
}

/** A writer that goes quiet once its reader is gone (`brigade runs | head`), instead of crashing mid-run. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

if (import.meta.main) {
  const tty = Boolean(process.stderr.isTTY);
  const context: CliContext = {
    cwd: process.cwd(),
    env: process.env,
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    tty,
    columns: process.stderr.columns ?? 100,
    rows: process.stderr.rows ?? 40,
    colors: color(tty && !process.env.NO_COLOR),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
  const code = await main(process.argv.slice(2), context);
  // Exit now: a run `brigade serve` left waiting for a person still has a poll timer, and it is
  // taken up again at the next start (its log is on disk).
  process.exit(code);
}
