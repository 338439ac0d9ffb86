// What went wrong, step by step: each failed unit's error in words, and what can be done about it.
import type { RunState } from '../../../../src/spec/run-state.ts';
import { ErrorNote } from '../../components/ui.tsx';

/** One note per failed or escalated unit, with a hint; nothing when all is well. */
export function RunProblems(props: { state: RunState; onSelect: (step: string) => void }) {
  const { state } = props;
  const problems = [...state.units.values()].filter(
    (unit) => unit.error && (unit.status === 'failed' || unit.status === 'waiting' || unit.status === 'retry-wait'),
  );
  if (problems.length === 0) return null;
  return (
    <div className="run-problems" data-testid="run-problems">
      {problems.map((unit) => {
        const hint =
          unit.status === 'waiting'
            ? 'A person decides what happens next: provide the result by hand, try again, or skip it — in the inbox.'
            : unit.status === 'retry-wait'
              ? 'Brigade tries it again shortly.'
              : state.steps[unit.step]?.continued
                ? 'The run went on without it (the playbook allows this step to fail).'
                : unit.error!.retryable
                  ? 'This looks temporary: running the playbook again will likely work.'
                  : 'Open the step to see what it was given and what it did.';
        return (
          <ErrorNote key={unit.key} title={`${unit.key} ${unit.status === 'retry-wait' ? 'hit a problem' : 'failed'}`}>
            {unit.error!.message}{' '}
            <span className="run-hint">
              {hint}{' '}
              <button type="button" className="run-link-button" onClick={() => props.onSelect(unit.step)}>
                Open {unit.step}
              </button>
            </span>
          </ErrorNote>
        );
      })}
    </div>
  );
}
