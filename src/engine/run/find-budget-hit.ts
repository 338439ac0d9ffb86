import type { Budget, BudgetHit, CompiledStep, RunState, UnitState } from '../../spec/index.ts';

const limits = ['tokens', 'costUsd', 'modelCalls', 'timeMs'] as const;

/**
 * The first limit a unit's next model call would go past: the run's (its totals) or its step's
 * (this unit's own use), or null. `attemptStartedAt` counts the current attempt's time.
 */
export function findBudgetHit(
  state: RunState,
  step: CompiledStep,
  unit: UnitState,
  now: number,
  attemptStartedAt: number,
): BudgetHit | null {
  const runUsed = {
    tokens: state.totals.inputTokens + state.totals.outputTokens,
    costUsd: state.totals.costUsd,
    modelCalls: state.totals.modelCalls,
    timeMs: runActiveMs(state, now),
  };
  const runHit = exceeded(state.budget, runUsed);
  if (runHit) return { scope: 'run', ...runHit };
  const stepBudget: Budget = { ...step.budget, ...state.stepBudgets[step.id] };
  const unitUsed = {
    tokens: unit.inputTokens + unit.outputTokens,
    costUsd: unit.costUsd,
    modelCalls: unit.modelCalls,
    timeMs: unit.busyMs + (now - attemptStartedAt),
  };
  const stepHit = exceeded(stepBudget, unitUsed);
  return stepHit ? { scope: 'step', step: step.id, unit: unit.key, ...stepHit } : null;
}

/** Time the run has been worked on (pauses excluded), in ms. */
export function runActiveMs(state: RunState, now: number): number {
  return state.activeMs + (state.activeSince === undefined ? 0 : now - state.activeSince);
}

function exceeded(budget: Budget, used: Record<(typeof limits)[number], number>) {
  for (const limit of limits) {
    const max = budget[limit];
    if (max !== undefined && used[limit] >= max) return { limit, used: used[limit], max };
  }
  return null;
}
