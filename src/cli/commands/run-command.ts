import { parseArgs } from 'node:util';
import { BrigadeError, type Json, pendingApprovals, type RunState } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { exitCodeForRun } from '../exit-codes.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';
import { parseInputFlags } from '../parse-input-flags.ts';
import { formatOutput } from '../render/format-output.ts';
import { formatPause } from '../render/format-pause.ts';
import { runFigures } from '../render/format-summary.ts';
import { watchRuns } from './watch-run.ts';

/** `brigade run <playbook>`: validates, runs with live progress, prints the output; exit code says how it ended. */
export async function runCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string', short: 'i', multiple: true, default: [] },
      'input-file': { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      'sim-latency': { type: 'string' },
      json: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      workspace: { type: 'string', short: 'w' },
    },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) {
    throw new BrigadeError('USAGE', 'brigade run takes one playbook name', {
      hint: 'e.g. brigade run content-launch --input topic="spring launch"',
    });
  }
  const inputs = parseInputFlags(values.input, values['input-file'], context.cwd);
  const runtime = await openCliRuntime(values, context);
  try {
    const handle = await runtime.startRun(name, inputs, {
      dryRun: values['dry-run'],
      whenBlocked: values.wait ? 'wait' : 'pause',
    });
    const recovered = await runtime.recoverInterrupted();
    if (recovered.length > 0 && !values.json) {
      context.stderr(
        context.colors.yellow(
          `↻ resuming ${recovered.length} interrupted ${recovered.length === 1 ? 'run' : 'runs'} alongside: ${recovered.map((run) => run.runId).join(', ')}\n`,
        ),
      );
    }
    const [state, ...others] = await watchRuns([handle, ...recovered], context, { json: values.json });
    printResult(state!, context, values.json);
    void others;
    return exitCodeForRun(state!.status);
  } finally {
    await runtime.close();
  }
}

/** The run's result: its output on stdout (text), or a JSON object for scripts. */
export function printResult(state: RunState, context: CliContext, json: boolean): void {
  if (json) {
    const figures = runFigures(state, Date.now());
    const result: Record<string, Json | undefined> = {
      runId: state.runId,
      playbook: state.playbook?.name ?? null,
      status: state.status,
      output: state.output ?? null,
      error: state.error ? { ...state.error } : null,
      pause: state.pause
        ? {
            reason: state.pause.reason,
            ...(state.pause.limit ? { limit: { ...state.pause.limit } } : {}),
            waitingFor: pendingApprovals(state).map((approval) => approval.id),
          }
        : null,
      simulated: figures.simulated,
      wallMs: figures.wallMs,
      stepMs: figures.stepMs,
      speedup: Number(figures.speedup.toFixed(3)),
      inputTokens: figures.inputTokens,
      outputTokens: figures.outputTokens,
      costUsd: figures.costUsd,
      modelCalls: figures.modelCalls,
    };
    context.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (state.status === 'paused') {
    context.stderr(`\n${formatPause(state, context.colors)}`);
    return;
  }
  if (state.status !== 'succeeded') return;
  const output = state.output;
  context.stderr(`\n${context.colors.bold('Output')}\n`);
  context.stdout(`${formatOutput(output)}\n`);
}
