import type { RunHandle } from '../../engine/create-engine.ts';
import type { RunState } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { createProgressView } from '../render/create-progress-view.ts';
import { formatSummary, formatTimeline } from '../render/format-summary.ts';

/** Header lines for a run: what it is and, plainly, which models are simulated. */
export function formatRunHeader(state: RunState, context: CliContext, verb = 'run'): string {
  const { colors } = context;
  const title = `${colors.bold('▶')} ${verb} ${colors.bold(state.playbook?.name ?? '?')} · ${state.runId}`;
  return `${[title, ...simulatedWarnings(state, context)].join('\n')}\n`;
}

/** One line per reason a model is simulated, naming every model it applies to: plain, and impossible to miss. */
function simulatedWarnings(state: RunState, context: CliContext): string[] {
  const { colors } = context;
  const lines: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const model of state.models) {
    if (!model.simulated) continue;
    const reason = model.reason ?? 'simulated';
    byReason.set(reason, [...(byReason.get(reason) ?? []), model.model]);
  }
  for (const [reason, models] of byReason) {
    lines.push(
      colors.yellow(
        `⚠ ${models.join(', ')} ${models.length === 1 ? 'is' : 'are'} SIMULATED (${reason}): outputs are placeholders, not answers from a real model.`,
      ),
    );
  }
  return lines;
}

/**
 * Follows runs to their end with live progress on stderr; prints timeline, summary and output.
 * Ctrl-C once cancels (recorded in the log); twice leaves at once, and the run can be resumed.
 */
export async function watchRuns(
  handles: RunHandle[],
  context: CliContext,
  options: { json: boolean },
): Promise<RunState[]> {
  const views = handles.map(() =>
    createProgressView({
      // --json is for scripts: no progress at all, only the JSON result on stdout.
      write: options.json ? () => {} : context.stderr,
      live: context.tty && !options.json,
      colors: context.colors,
      now: Date.now,
      columns: context.columns,
      rows: Math.max(6, Math.floor(context.rows / handles.length)),
    }),
  );
  let interrupts = 0;
  const removeInterrupt = context.onInterrupt(() => {
    interrupts++;
    if (interrupts === 1) {
      context.stderr(
        context.colors.yellow('\ncancelling… (Ctrl-C again to leave now; `brigade resume` picks the run up)\n'),
      );
      for (const handle of handles) handle.cancel('interrupted by Ctrl-C');
    } else {
      process.exit(130);
    }
  });
  const results: RunState[] = [];
  try {
    for (const [index, handle] of handles.entries()) {
      const view = views[index]!;
      // --json keeps stdout for the result; a simulated model is still said plainly, on stderr.
      if (!options.json) context.stderr(formatRunHeader(handle.state, context));
      else for (const line of simulatedWarnings(handle.state, context)) context.stderr(`${line}\n`);
      const unsubscribe = handle.subscribe((event, state) => view.onEvent(event, state));
      const stopDeltas = handle.onDelta((unit, text) => view.onDelta(unit, text));
      view.start(handle.state);
      try {
        results.push(await handle.done);
      } finally {
        unsubscribe();
        stopDeltas();
        view.stop();
      }
      if (!options.json) {
        const now = Date.now();
        context.stderr(
          `\n${formatTimeline(handle.state, context.colors, now)}\n\n${formatSummary(handle.state, context.colors, now)}\n`,
        );
      }
    }
  } finally {
    removeInterrupt();
  }
  return results;
}
