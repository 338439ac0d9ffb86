import { parseArgs } from 'node:util';
import { asRunId, BrigadeError } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';

/** `brigade cancel <run>`: stops a run; its owner aborts running steps and records the cancellation. */
export async function cancelCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      reason: { type: 'string', default: 'cancelled with `brigade cancel`' },
      wait: { type: 'boolean', default: true },
      workspace: { type: 'string', short: 'w' },
    },
  });
  if (positionals.length !== 1)
    throw new BrigadeError('USAGE', 'brigade cancel takes one run id', { hint: 'e.g. brigade cancel r-abc123' });
  const runtime = await openCliRuntime(values, context);
  try {
    const runId = asRunId(positionals[0]!);
    const outcome = await runtime.cancelRun(runId, values.reason);
    if (outcome === 'requested' && values.wait) {
      // The owner polls for commands a few times a second; wait until it has recorded the end.
      const deadline = Date.now() + 10_000;
      while (runtime.store.get(runId)?.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const status = runtime.store.get(runId)?.status;
    context.stdout(
      status === 'cancelled'
        ? `cancelled ${runId}\n`
        : `cancel requested for ${runId}; its process will stop it (status now: ${status})\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
