import { BrigadeError } from './brigade-error.ts';
import type { Issue } from './issue.ts';

/** A workspace, playbook or input failed validation; `issues` says where and how to fix it. */
export class WorkspaceInvalidError extends BrigadeError {
  readonly issues: Issue[];
  constructor(code: 'WORKSPACE_INVALID' | 'INPUT_INVALID', message: string, issues: Issue[]) {
    super(code, message, { hint: issues[0]?.hint ?? 'fix the issues above and try again' });
    this.issues = issues;
  }
}
