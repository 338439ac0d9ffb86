import { parseArgs } from 'node:util';
import { explainRun } from '../../engine/context/explain-run.ts';
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
    const explanation = explainRun(store.read(runId));
    const only = positionals[1];
    if (only !== undefined) {
      const units = explanation.units.filter((unit) => unit.step === only || unit.unit === only);
      const steps = explanation.steps.filter((step) => step.step === only);
      if (units.length === 0 && steps.length === 0) {
        const known = [
          ...new Set([...explanation.units.map((unit) => unit.step), ...explanation.steps.map((step) => step.step)]),
        ];
        throw new BrigadeError('USAGE', `run ${runId} has no step "${only}"`, {
          hint: `its steps: ${known.join(', ')}`,
        });
      }
      explanation.units = units;
      explanation.steps = steps;
    }
    context.stdout(
      values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation, context.colors),
    );
    return 0;
  } finally {
    await store.close();
  }
}
