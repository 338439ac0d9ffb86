import { parseArgs } from 'node:util';
import { openRuntime } from '../../runtime/open-runtime.ts';
import { asRunId, BrigadeError } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { exitCodeForRun } from '../exit-codes.ts';
import { printResult } from './run-command.ts';
import { watchRuns } from './watch-run.ts';

/** `brigade resume <run>`: finishes an interrupted run; recorded model calls and steps are replayed, not repeated. */
export async function resumeCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, workspace: { type: 'string', short: 'w' } },
  });
  if (positionals.length !== 1) {
    throw new BrigadeError('USAGE', 'brigade resume takes one run id', {
      hint: 'find it with `brigade runs --status running`',
    });
  }
  const runtime = await openRuntime({
    cwd: context.cwd,
    ...(values.workspace ? { workspace: values.workspace } : {}),
    env: context.env,
  });
  try {
    const runId = asRunId(positionals[0]!);
    const summary = runtime.store.get(runId);
    if (summary && summary.status !== 'running') {
      throw new BrigadeError('RUN_FINISHED', `run ${runId} already ended (${summary.status}); nothing to resume`, {
        hint: `see it with \`brigade show ${runId}\``,
      });
    }
    const handle = await runtime.resumeRun(runId, 'resumed with `brigade resume`');
    const [state] = await watchRuns([handle], context, { json: values.json });
    printResult(state!, context, values.json);
    return exitCodeForRun(state!.status);
  } finally {
    await runtime.close();
  }
}
