import { formatIssue, type Issue } from '../../../src/spec/issue.ts';

/**
 * The issues of one form field, under it, worded as the CLI words them; announced as alerts unless
 * `quiet` (a form that shows them only after a save was tried).
 */
export function FieldIssues(props: { issues: Issue[]; quiet?: boolean }) {
  if (props.issues.length === 0) return null;
  return (
    <>
      {props.issues.map((issue) => (
        <p key={formatIssue(issue)} className="field-error" role={props.quiet ? undefined : 'alert'}>
          {issue.message}
          {issue.hint ? ` (${issue.hint})` : ''}
        </p>
      ))}
    </>
  );
}
