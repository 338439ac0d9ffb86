import { parseArgs } from 'node:util';
import { asRunId, BrigadeError, type Budget, budgetLimits } from '../../spec/index.ts';
import { didYouMean } from '../../workspace/did-you-mean.ts';
import { parseDuration } from '../../workspace/duration.ts';
import type { CliContext } from '../cli-context.ts';
import { exitCodeForRun } from '../exit-codes.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';
import { printResult } from './run-command.ts';
import { watchRuns } from './watch-run.ts';

/** `brigade resume <run>`: finishes an interrupted run; recorded model calls and steps are replayed, not repeated. */
export async function resumeCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      budget: { type: 'string' },
      'step-budget': { type: 'string', multiple: true, default: [] },
      wait: { type: 'boolean', default: false },
      'sim-latency': { type: 'string' },
      workspace: { type: 'string', short: 'w' },
    },
  });
  if (positionals.length !== 1) {
    throw new BrigadeError('USAGE', 'brigade resume takes one run id', {
      hint: 'find it with `brigade runs --status running`',
    });
  }
  const runtime = await openCliRuntime(values, context);
  try {
    const runId = asRunId(positionals[0]!);
    const stepBudgets: Record<string, Budget> = {};
    for (const flag of values['step-budget']) {
      const colon = flag.indexOf(':');
      if (colon < 1) {
        throw new BrigadeError('USAGE', `--step-budget "${flag}" names no step`, {
          hint: 'e.g. --step-budget draft:tokens=50000',
        });
      }
      stepBudgets[flag.slice(0, colon)] = parseBudget(flag.slice(colon + 1), '--step-budget');
    }
    // The runtime refuses an ended run and a step budget for a step the run does not have.
    const handle = await runtime.resumeRun(runId, 'resumed with `brigade resume`', {
      ...(values.budget ? { budget: parseBudget(values.budget, '--budget') } : {}),
      ...(Object.keys(stepBudgets).length ? { stepBudgets } : {}),
      whenBlocked: values.wait ? 'wait' : 'pause',
    });
    const [state] = await watchRuns([handle], context, { json: values.json });
    printResult(state!, context, values.json);
    return exitCodeForRun(state!.status);
  } finally {
    await runtime.close();
  }
}

/** `cost_usd` → `costUsd`, and so on. */
const budgetKeys: Record<string, keyof Budget> = Object.fromEntries(
  Object.entries(budgetLimits).map(([field, { name }]) => [name, field as keyof Budget]),
);

/** `tokens=50000,cost_usd=2,model_calls=40,time=10m` as a Budget. */
export function parseBudget(text: string, flag: string): Budget {
  const budget: Budget = {};
  for (const part of text.split(',')) {
    const [key, raw] = part.split('=').map((each) => each.trim());
    const field = key ? budgetKeys[key] : undefined;
    if (!field || raw === undefined || raw === '') {
      const known = Object.keys(budgetKeys);
      const guess = key && raw !== undefined ? didYouMean(key, known) : undefined;
      throw new BrigadeError(
        'USAGE',
        raw === undefined ? `${flag} "${part}" is not limit=value` : `${flag}: no limit called "${key}"`,
        { hint: `${guess ? `${guess}; ` : ''}limits: ${known.join(', ')}; e.g. ${flag} tokens=50000,time=10m` },
      );
    }
    const value = field === 'timeMs' ? parseDuration(raw) : Number(raw);
    if (value === undefined || !Number.isFinite(value) || value <= 0) {
      throw new BrigadeError(
        'USAGE',
        `${flag} ${key}=${raw} is not a positive ${field === 'timeMs' ? 'duration' : 'number'}`,
      );
    }
    budget[field] = value;
  }
  return budget;
}
