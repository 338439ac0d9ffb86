import type { BudgetHit } from '../../spec/index.ts';

/** Thrown before a model call that a budget does not allow; the run pauses instead of failing. */
export class BudgetExceededError extends Error {
  readonly hit: BudgetHit;
  constructor(hit: BudgetHit) {
    super(
      `${hit.scope === 'run' ? 'run' : `step ${hit.unit}`} reached its ${hit.limit} limit (${hit.used} of ${hit.max})`,
    );
    this.name = 'BudgetExceededError';
    this.hit = hit;
  }
}
