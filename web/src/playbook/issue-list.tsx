// The problems the check found, as the CLI prints them (file:line field: message, hint), each with a
// way to the step it concerns.
import type { Issue } from '../../../src/spec/issue.ts';
import type { StepView } from './read-playbook.ts';

/** The step an issue's path names (`steps.draft.agent` → `draft`), if any. */
export function stepOfIssue(issue: Issue): string | undefined {
  return /^steps\.([^.]+)/.exec(issue.path)?.[1];
}

export function IssueList(props: { issues: Issue[]; steps: StepView[]; onShowStep: (id: string) => void }) {
  const { issues, steps } = props;
  if (issues.length === 0) return null;
  return (
    <section className="card pb-issues" aria-label="Problems">
      <h2 className="card-title">
        {issues.length === 1 ? '1 problem' : `${issues.length} problems`} to fix before this can run
      </h2>
      <ul className="issues">
        {issues.map((issue) => {
          const stepId = stepOfIssue(issue);
          return (
            <li key={`${issue.file}:${issue.line}:${issue.path}:${issue.message}`}>
              <span className="mono">
                {issue.file}
                {issue.line ? `:${issue.line}` : ''}
                {issue.path ? ` ${issue.path}:` : ''}
              </span>{' '}
              {issue.message}
              {stepId && steps.some((each) => each.id === stepId) ? (
                <>
                  {' '}
                  <button type="button" className="button small ghost" onClick={() => props.onShowStep(stepId)}>
                    Show step {stepId}
                  </button>
                </>
              ) : null}
              {issue.hint ? <span className="hint">Hint: {issue.hint}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
