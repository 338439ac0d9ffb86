import type { RunState, RunStore, RunSummary } from '../spec/index.ts';
import { foldRun, simulationOf } from '../spec/index.ts';
import type { RunFigures } from './api-types.ts';

/** What a runs list shows of a run beyond its summary row. */
export function figuresOf(state: RunState): RunFigures {
  const steps = Object.values(state.steps);
  return {
    stepsDone: steps.filter((step) => step.status === 'succeeded' || step.status === 'skipped').length,
    stepsTotal: steps.length,
    tokens: state.totals.inputTokens + state.totals.outputTokens,
    costUsd: state.totals.costUsd,
    dryRun: state.dryRun,
    simulated: simulationOf(state),
  };
}

/**
 * Figures of listed runs, each folded from its log once per length of the log (a run that did not
 * change is not read again); a run this process executes is read from its live state.
 */
export function createRunFigures(store: RunStore, live: (summary: RunSummary) => RunState | undefined, max = 5000) {
  const cache = new Map<string, { seq: number; figures: RunFigures }>();
  return (summary: RunSummary): RunFigures => {
    const state = live(summary);
    if (state) return figuresOf(state);
    const cached = cache.get(summary.id);
    if (cached?.seq === summary.lastSeq) return cached.figures;
    const figures = figuresOf(foldRun(store.read(summary.id)));
    cache.delete(summary.id);
    cache.set(summary.id, { seq: summary.lastSeq, figures });
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return figures;
  };
}
