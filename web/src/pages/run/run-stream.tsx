// What the agents are writing right now, unit by unit, as the model streams it; once a unit is done,
// its output.
import { useEffect, useRef } from 'react';
import type { RunState, UnitState } from '../../../../src/spec/run-state.ts';
import { StatusBadge } from '../../components/ui.tsx';
import { statusLabel, unitViewStatus } from './run-view.ts';
import { ShowJson } from './show-json.tsx';

function StreamText(props: { text: string }) {
  const box = useRef<HTMLPreElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the text grows
  useEffect(() => {
    const element = box.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [props.text]);
  return (
    <pre ref={box} className="run-stream-text" aria-live="off">
      {props.text}
      <span className="run-caret" aria-hidden="true" />
    </pre>
  );
}

function lastTurnText(unit: UnitState): string {
  return unit.turns
    .map((turn) => turn?.text ?? '')
    .filter(Boolean)
    .join('\n\n');
}

/** The agents' streamed text (running units first), and the outputs of finished ones. */
export function RunStream(props: {
  state: RunState;
  deltas: Record<string, string>;
  onSelect: (step: string) => void;
}) {
  const { state, deltas } = props;
  // Units that ran an agent (an approval step's unit is a person's decision, not text).
  const units = [...state.units.values()].filter(
    (unit) => unit.startedAt !== undefined && state.playbook?.steps[unit.step]?.kind !== 'approval',
  );
  const running = units.filter((unit) => unit.status === 'running' || unit.status === 'retry-wait');
  const done = units.filter((unit) => unit.status === 'succeeded').reverse();
  if (units.length === 0) return <p className="muted run-empty-note">No agent has started yet.</p>;
  return (
    <div className="run-stream" data-testid="run-stream">
      {running.map((unit) => (
        <article key={unit.key} className="run-stream-item run-stream-live" data-testid={`stream-${unit.key}`}>
          <header className="run-stream-head">
            <button type="button" className="run-link-button" onClick={() => props.onSelect(unit.step)}>
              {unit.key}
            </button>
            <span className="muted">{unit.agent}</span>
            <StatusBadge status="running" label={unit.waiting ? 'Waiting for a model slot' : 'Writing'} />
          </header>
          <StreamText text={deltas[unit.key] || lastTurnText(unit) || '…'} />
        </article>
      ))}
      {done.map((unit) => (
        <details key={unit.key} className="run-stream-item" data-testid={`output-${unit.key}`}>
          <summary className="run-stream-head">
            <span className="run-stream-name">{unit.key}</span>
            <span className="muted">{unit.agent}</span>
            <StatusBadge status={unitViewStatus(state, unit)} label={statusLabel[unitViewStatus(state, unit)]} />
          </summary>
          <ShowJson value={unit.output} />
        </details>
      ))}
    </div>
  );
}
