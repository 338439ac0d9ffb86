// Per-step figures: tokens, cost, time at work, attempts and retries, waits, model; a failed step's
// error and what to do about it.
import type { RunState } from '../../../../src/spec/run-state.ts';
import { formatMs, formatUsd, StatusBadge } from '../../components/ui.tsx';
import { statusLabel, unitViewStatus } from './run-view.ts';
import type { UnitExtras } from './use-live-run.ts';

/** How long a unit waited, by kind, up to `now` for a wait still open. */
export function waitedMs(extras: UnitExtras | undefined, kind: 'slot' | 'person', now: number): number {
  return (extras?.waits ?? [])
    .filter((wait) => wait.kind === kind)
    .reduce((sum, wait) => sum + ((wait.to ?? now) - wait.from), 0);
}

/** One row per unit that started; a click opens what it saw and did. */
export function RunFigures(props: {
  state: RunState;
  extras: Record<string, UnitExtras>;
  now: number;
  selected: string | undefined;
  onSelect: (step: string) => void;
}) {
  const { state, extras, now } = props;
  const units = [...state.units.values()].filter((unit) => unit.startedAt !== undefined);
  if (units.length === 0) return <p className="muted run-empty-note">Figures appear as steps start.</p>;
  return (
    <div className="run-table-wrap">
      <table className="table run-figures">
        <thead>
          <tr>
            <th>Step</th>
            <th>Status</th>
            <th className="num">Tokens in / out</th>
            <th className="num">Cost</th>
            <th className="num">Working</th>
            <th className="num">Attempts</th>
            <th className="num">Waited for a slot</th>
            <th className="num">Waited for a person</th>
            <th>Model</th>
          </tr>
        </thead>
        <tbody>
          {units.map((unit) => {
            const status = unitViewStatus(state, unit);
            const unitExtras = extras[unit.key];
            return (
              <tr
                key={unit.key}
                className={props.selected === unit.step ? 'run-row-selected' : undefined}
                data-testid={`figures-${unit.key}`}
              >
                <td>
                  <button type="button" className="run-link-button" onClick={() => props.onSelect(unit.step)}>
                    {unit.key}
                  </button>
                  {unit.error && unit.status !== 'succeeded' ? (
                    <div className="run-error">{unit.error.message}</div>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={status} label={statusLabel[status]} />
                </td>
                <td className="num">
                  {unit.inputTokens.toLocaleString()} / {unit.outputTokens.toLocaleString()}
                </td>
                <td className="num">{formatUsd(unit.costUsd)}</td>
                <td className="num">
                  {unit.status === 'running' ? formatMs(now - unit.startedAt!) : formatMs(unit.busyMs)}
                </td>
                <td className="num">
                  {unit.attempt}
                  {unitExtras?.retries
                    ? ` (+${unitExtras.retries} call retr${unitExtras.retries === 1 ? 'y' : 'ies'})`
                    : ''}
                </td>
                <td className="num">{formatMs(waitedMs(unitExtras, 'slot', now))}</td>
                <td className="num">{formatMs(waitedMs(unitExtras, 'person', now))}</td>
                <td className="mono">{unit.model ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
