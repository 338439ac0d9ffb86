import type { RunState } from './run-state.ts';

/**
 * How much of a run is simulated: `all` for a dry run or when every model it uses is simulated (no
 * key set, `simulator:*`), `some` when only some are, `none` when every call goes to a real model.
 */
export function simulationOf(state: Pick<RunState, 'dryRun' | 'models'>): 'all' | 'some' | 'none' {
  if (state.dryRun) return 'all';
  const simulated = state.models.filter((model) => model.simulated).length;
  if (simulated === 0) return 'none';
  return simulated === state.models.length ? 'all' : 'some';
}
