/** Branded identifiers: a StepId cannot be passed where a RunId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Identifies one run (one execution of a playbook). */
export type RunId = Brand<string, 'RunId'>;
/** Identifies a step inside a playbook (its key under `steps:`). */
export type StepId = Brand<string, 'StepId'>;

export const asRunId = (value: string): RunId => value as RunId;
export const asStepId = (value: string): StepId => value as StepId;

/** A unit of work: a step, or one item of a `for_each` step. Its key is `step` or `step[3]`. */
export interface UnitRef {
  step: StepId;
  /** Index of the item for a `for_each` step; absent for a plain step. */
  item?: number;
}

/** The stable key of a unit: `draft` or `versions[2]`. */
export function unitKey(ref: UnitRef): string {
  return ref.item === undefined ? ref.step : `${ref.step}[${ref.item}]`;
}
