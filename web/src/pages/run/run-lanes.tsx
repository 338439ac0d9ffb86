// Parallel lanes: one row per unit of work (a step, or one item of a fan-out), its bar from start to
// end (growing while it runs), so work that overlaps is visibly side by side. Waits for a model slot
// or for a person are hatched over the bar.
import type { RunState } from '../../../../src/spec/run-state.ts';
import { formatMs } from '../../components/ui.tsx';
import { statusLabel, unitViewStatus } from './run-view.ts';
import type { UnitExtras } from './use-live-run.ts';

/** The timeline of the run's units, with a time axis. */
export function RunLanes(props: {
  state: RunState;
  extras: Record<string, UnitExtras>;
  now: number;
  selected: string | undefined;
  onSelect: (step: string) => void;
}) {
  const { state, extras, now, selected, onSelect } = props;
  const start = state.startedAt ?? now;
  const end = Math.max(state.endedAt ?? now, start + 1000);
  const span = end - start;
  const at = (time: number) => `${(((Math.min(Math.max(time, start), end) - start) / span) * 100).toFixed(3)}%`;
  const width = (from: number, to: number) =>
    `${Math.max(((Math.min(to, end) - Math.max(from, start)) / span) * 100, 0.4).toFixed(3)}%`;
  const units = [...state.units.values()].filter((unit) => unit.startedAt !== undefined);
  units.sort((a, b) => a.startedAt! - b.startedAt!);
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  if (units.length === 0) {
    return <p className="muted run-empty-note">Nothing has started yet.</p>;
  }
  return (
    <ul className="run-lanes" aria-label="What ran when">
      <li className="run-lanes-axis" aria-hidden="true">
        <span className="run-lane-label" />
        <div className="run-lanes-track">
          {ticks.map((tick) => (
            <span key={tick} className="run-tick" style={{ left: `${tick * 100}%` }}>
              {formatMs(tick * span)}
            </span>
          ))}
        </div>
      </li>
      {units.map((unit) => {
        const status = unitViewStatus(state, unit);
        const from = unit.startedAt!;
        const to = unit.endedAt ?? now;
        const waits = extras[unit.key]?.waits ?? [];
        return (
          <li
            key={unit.key}
            className={`run-lane run-lane-${status}${selected === unit.step ? ' run-lane-selected' : ''}`}
            data-testid={`lane-${unit.key}`}
            data-status={status}
          >
            <button type="button" className="run-lane-label" onClick={() => onSelect(unit.step)}>
              <span className="run-dot" aria-hidden="true" />
              <span className="run-lane-name">{unit.key}</span>
            </button>
            <div className="run-lanes-track">
              {ticks.slice(1, -1).map((tick) => (
                <span key={tick} className="run-gridline" style={{ left: `${tick * 100}%` }} aria-hidden="true" />
              ))}
              <div
                className="run-bar"
                style={{ left: at(from), width: width(from, to) }}
                title={`${unit.key}: ${statusLabel[status]}, ${formatMs(to - from)}`}
              >
                {waits.map((wait, index) => (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: waits only grow, in order
                    key={index}
                    className={`run-wait run-wait-${wait.kind}`}
                    style={{
                      left: `${(((Math.max(wait.from, from) - from) / Math.max(to - from, 1)) * 100).toFixed(3)}%`,
                      width: `${(((Math.min(wait.to ?? now, to) - Math.max(wait.from, from)) / Math.max(to - from, 1)) * 100).toFixed(3)}%`,
                    }}
                    title={wait.kind === 'slot' ? 'Waiting for a model slot' : 'Waiting for a person'}
                  />
                ))}
              </div>
              <span className="run-lane-time">{formatMs(to - from)}</span>
            </div>
          </li>
        );
      })}
      <li className="run-lanes-legend" aria-hidden="true">
        <span>
          <i className="run-swatch run-swatch-work" /> working
        </span>
        <span>
          <i className="run-swatch run-wait-slot" /> waiting for a model slot
        </span>
        <span>
          <i className="run-swatch run-wait-person" /> waiting for a person
        </span>
      </li>
    </ul>
  );
}
