import { BrigadeError } from '../../spec/index.ts';
import type { RunExplanation } from './explain-run.ts';

/**
 * Narrows a run's explanation to one step (or one unit, `versions[1]`): its units and, when it ran
 * no agent, its line in `steps`. An unknown step is a USAGE error that names the run's steps.
 */
export function selectExplainedStep(explanation: RunExplanation, only: string): RunExplanation {
  const units = explanation.units.filter((unit) => unit.step === only || unit.unit === only);
  const steps = explanation.steps.filter((step) => step.step === only);
  if (units.length === 0 && steps.length === 0) {
    const known = [
      ...new Set([...explanation.units.map((unit) => unit.step), ...explanation.steps.map((step) => step.step)]),
    ];
    throw new BrigadeError('USAGE', `run ${explanation.runId} has no step "${only}"`, {
      hint: `its steps: ${known.join(', ')}`,
    });
  }
  return { ...explanation, units, steps };
}
