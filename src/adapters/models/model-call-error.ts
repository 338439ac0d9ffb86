import type { ModelFault } from '../../spec/index.ts';

/** A failed model call; `fault` says what went wrong and whether another attempt may help. */
export class ModelCallError extends Error {
  readonly fault: ModelFault;
  constructor(fault: ModelFault, options?: { cause?: unknown }) {
    super(fault.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelCallError';
    this.fault = fault;
  }
}
