/** A problem found in a workspace file, as data: where, what, and how to fix it. */
export interface Issue {
  /** Path relative to the workspace root, e.g. `playbooks/launch.yaml`. */
  file: string;
  /** 1-based line and column, when known. */
  line?: number;
  column?: number;
  /** Dotted field path inside the file, e.g. `steps.draft.agent`. */
  path: string;
  message: string;
  /** A suggested fix, e.g. `did you mean "writer"?`. */
  hint?: string;
}

/** Formats an issue the way the CLI prints it: `file:line:col field: message (hint)`. */
export function formatIssue(issue: Issue): string {
  const where = issue.line ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file;
  const field = issue.path ? ` ${issue.path}:` : '';
  const hint = issue.hint ? `\n    hint: ${issue.hint}` : '';
  return `${where}${field} ${issue.message}${hint}`;
}
