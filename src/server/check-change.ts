import type { Runtime } from '../runtime/open-runtime.ts';
import { formatIssue, type Issue } from '../spec/index.ts';
import { ApiError } from './api-error.ts';

/**
 * Checks the whole workspace as it would be after the change. A change that adds an issue is
 * refused (422, every issue, nothing written); one that leaves only issues that were already there
 * is accepted, so a broken workspace can be fixed one file at a time.
 */
export async function checkChange(runtime: Runtime, changes: Record<string, string | null>): Promise<void> {
  const after = await runtime.inspectWorkspace(changes);
  if (after.ok) return;
  const before = await runtime.inspectWorkspace();
  const known = new Set(before.ok ? [] : before.issues.map(formatIssue));
  const added: Issue[] = after.issues.filter((issue) => !known.has(formatIssue(issue)));
  if (added.length === 0) return;
  throw new ApiError(
    'WORKSPACE_INVALID',
    `the change leaves the workspace with ${added.length} new ${added.length === 1 ? 'problem' : 'problems'}; nothing was written`,
    { issues: after.issues },
  );
}
