import { formatIssue, type Issue } from '../../../src/spec/issue.ts';
import { ErrorNote } from '../components/ui.tsx';

/** What the check of the agent's file found, as the CLI prints it; `hiddenFields`: some concern fields the form does not show. */
export function AgentCheckPanel(props: {
  checking: boolean;
  error?: string | undefined;
  issues: Issue[];
  hiddenFields: boolean;
}) {
  return (
    <section className="card" aria-label="Check" data-testid="agent-check">
      <div className="card-title">
        <h2>Check</h2>
        <span className="muted" aria-live="polite">
          {props.checking ? 'Checking…' : null}
        </span>
      </div>
      {props.error ? <ErrorNote>{props.error}</ErrorNote> : null}
      {!props.checking && !props.error && props.issues.length === 0 ? (
        <p className="ag-ok">No problems: this agent is ready to use.</p>
      ) : null}
      {props.issues.length > 0 ? (
        <ul className="issues" data-testid="agent-issues">
          {props.issues.map((issue) => (
            <li key={formatIssue(issue)}>
              {formatIssue(issue).split('\n')[0]}
              {issue.hint ? <span className="hint">{issue.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {props.hiddenFields ? <p className="faint">Some problems concern fields the form does not show.</p> : null}
    </section>
  );
}
