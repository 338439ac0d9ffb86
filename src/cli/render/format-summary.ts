import type { RunState, UnitState } from '../../spec/index.ts';
import { type Colors, formatCost, formatCount, formatDuration, padTo } from './format.ts';

/** Wall time, step time, speedup, tokens and cost of a finished (or running) run. */
export function runFigures(state: RunState, now: number) {
  // Time the run was worked on: a pause (waiting for a person, or a raised budget) is not counted.
  const end = state.endedAt ?? (state.status === 'paused' ? undefined : now);
  const wallMs = state.activeMs + (state.activeSince === undefined || end === undefined ? 0 : end - state.activeSince);
  const stepMs = state.totals.busyMs;
  const simulated = state.models.some((model) => model.simulated);
  return {
    wallMs,
    stepMs,
    speedup: wallMs > 0 ? stepMs / wallMs : 0,
    inputTokens: state.totals.inputTokens,
    outputTokens: state.totals.outputTokens,
    costUsd: state.totals.costUsd,
    modelCalls: state.totals.modelCalls,
    simulated,
  };
}

/**
 * The closing summary printed by `brigade run` and `brigade show`. `interrupted`: the run is
 * `running` but no live process executes it.
 */
export function formatSummary(state: RunState, colors: Colors, now: number, interrupted = false): string {
  const figures = runFigures(state, now);
  const status =
    state.status === 'succeeded'
      ? colors.green('✓ succeeded')
      : state.status === 'failed'
        ? colors.red('✗ failed')
        : state.status === 'cancelled'
          ? colors.yellow('■ cancelled')
          : state.status === 'paused'
            ? colors.yellow(
                `⏸ paused (${state.pause?.reason === 'budget' ? 'a budget ran out' : 'waiting for a person'}), worked`,
              )
            : interrupted
              ? colors.yellow(`↻ interrupted (its process stopped; finish it with \`brigade resume ${state.runId}\`)`)
              : colors.blue('… running');
  const lines = [
    `${status} in ${formatDuration(figures.wallMs)}`,
    `  wall time ${formatDuration(figures.wallMs)} · step time ${formatDuration(figures.stepMs)} · parallel speedup ${figures.speedup.toFixed(1)}×`,
    `  ${formatCount(figures.modelCalls)} model calls · tokens ${formatCount(figures.inputTokens)} in / ${formatCount(figures.outputTokens)} out · cost ${formatCost(figures.costUsd)}${figures.simulated ? colors.yellow(' (simulated: no real model was called)') : ''}`,
  ];
  if (state.error) lines.push(colors.red(`  ${state.error.message}`));
  if (state.cancelReason) lines.push(colors.yellow(`  cancelled: ${state.cancelReason}`));
  return lines.join('\n');
}

/** A timeline of every unit: overlapping bars are steps that ran side by side. */
export function formatTimeline(state: RunState, colors: Colors, now: number, width = 40): string {
  const start = state.startedAt ?? now;
  const end = Math.max(state.endedAt ?? now, start + 1);
  const units = [...state.units.values()].filter((unit) => unit.startedAt !== undefined);
  const shown = units.length > 24 ? summarizeFanOuts(units) : units;
  const scale = width / (end - start);
  const nameWidth = Math.min(24, Math.max(...shown.map((unit) => unit.key.length), 4));
  return shown
    .map((unit) => {
      const from = Math.floor(((unit.startedAt ?? start) - start) * scale);
      const to = Math.max(from + 1, Math.ceil(((unit.endedAt ?? now) - start) * scale));
      const bar = ' '.repeat(from) + '█'.repeat(Math.min(width, to) - from);
      const paint = unit.status === 'failed' ? colors.red : unit.status === 'succeeded' ? colors.green : colors.blue;
      const took = formatDuration((unit.endedAt ?? now) - (unit.startedAt ?? now));
      return `  ${padTo(unit.key, nameWidth)} ${colors.dim('▕')}${paint(bar.padEnd(width))}${colors.dim('▏')} ${took}`;
    })
    .join('\n');
}

/** Big fan-outs: show the first and last few items of each step. */
function summarizeFanOuts(units: UnitState[]): UnitState[] {
  const byStep = new Map<string, UnitState[]>();
  for (const unit of units) byStep.set(unit.step, [...(byStep.get(unit.step) ?? []), unit]);
  return [...byStep.values()].flatMap((list) => (list.length > 6 ? [...list.slice(0, 3), ...list.slice(-2)] : list));
}
