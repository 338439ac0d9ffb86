import { parseArgs } from 'node:util';
import { explainRun } from '../../engine/context/explain-run.ts';
import { selectExplainedStep } from '../../engine/context/select-explained-step.ts';
import { openRunStore } from '../../runtime/open-run-store.ts';
import { asRunId, BrigadeError } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { formatExplanation } from '../render/format-explanation.ts';

/**
 * `brigade explain <run> [step]`: per agent unit, what its model was shown (system prompt, task,
 * upstream outputs, findings, trimmed or not) and what it did (turns, tool results, findings, output),
 * from the run's log alone. `--json` prints the same as one object.
 */
export async function explainCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      workspace: { type: 'string', short: 'w' },
    },
  });
  if (positionals.length < 1 || positionals.length > 2) {
    throw new BrigadeError('USAGE', 'brigade explain takes a run id and, optionally, a step', {
      hint: 'e.g. brigade explain r-123 draft; find ids with `brigade runs`',
    });
  }
  const store = openRunStore({ cwd: context.cwd, ...(values.workspace ? { workspace: values.workspace } : {}) });
  try {
    const runId = asRunId(positionals[0]!);
    if (!store.get(runId)) {
      throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
    }
    const all = explainRun(store.read(runId));
    const explanation = positionals[1] === undefined ? all : selectExplainedStep(all, positionals[1]);
    context.stdout(
      values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation, context.colors),
    );
    return 0;
  } finally {
    await store.close();
  }
}
