import type { StepFailure } from '../../spec/index.ts';

/** Thrown inside a unit to end its attempt with a recorded failure. */
export class StepFailedError extends Error {
  readonly failure: StepFailure;
  constructor(failure: StepFailure) {
    super(failure.message);
    this.name = 'StepFailedError';
    this.failure = failure;
  }
}
