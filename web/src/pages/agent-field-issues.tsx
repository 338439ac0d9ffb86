import { formatIssue, type Issue } from '../../../src/spec/issue.ts';

/** The issues of one form field, under it, worded as the CLI words them. */
export function FieldIssues(props: { issues: Issue[] }) {
  if (props.issues.length === 0) return null;
  return (
    <>
      {props.issues.map((issue) => (
        <p key={formatIssue(issue)} className="field-error" role="alert">
          {issue.message}
          {issue.hint ? ` (${issue.hint})` : ''}
        </p>
      ))}
    </>
  );
}
