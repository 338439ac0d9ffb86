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
 * The state of a run, for the routes that read it (the list's figures, a run, its findings, the
 * inbox): a run this process executes from its live state; any other folded from its log once per
 * length of the log, so a run that did not change is not read again. Callers only read it.
 */
export function createRunStates(store: RunStore, live: (runId: string) => RunState | undefined, max = 5000) {
  const cache = new Map<string, { seq: number; state: RunState }>();
  return (summary: Pick<RunSummary, 'id' | 'lastSeq'>): RunState => {
    const current = live(summary.id);
    if (current) return current;
    const cached = cache.get(summary.id);
    if (cached?.seq === summary.lastSeq) return cached.state;
    const state = foldRun(store.read(summary.id));
    cache.delete(summary.id);
    cache.set(summary.id, { seq: summary.lastSeq, state });
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return state;
  };
}
