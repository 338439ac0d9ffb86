// The run's shared board: what agents found and shared while they worked, newest first.
import type { RunState } from '../../../../src/spec/run-state.ts';
import { formatWhen } from '../../components/ui.tsx';

/** Findings as they are shared, with who shared them and their topic and tags. */
export function RunFindings(props: { state: RunState; onSelect: (step: string) => void }) {
  const findings = [...props.state.findings].reverse();
  if (findings.length === 0) {
    return <p className="muted run-empty-note">Nothing shared yet. Agents post what they learn here as they work.</p>;
  }
  return (
    <ul className="run-findings" data-testid="run-findings">
      {findings.map((finding) => (
        <li key={finding.id} className="run-finding" data-testid={`finding-${finding.id}`}>
          <div className="run-finding-head">
            <strong>{finding.topic}</strong>
            <span className="muted">
              by{' '}
              <button type="button" className="run-link-button" onClick={() => props.onSelect(finding.step)}>
                {finding.unit}
              </button>{' '}
              ({finding.agent}) · {formatWhen(finding.at)}
            </span>
          </div>
          <div className="run-prose">{finding.content}</div>
          {finding.tags.length ? (
            <div className="run-tags">
              {finding.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
