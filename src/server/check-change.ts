import type { Runtime } from '../runtime/open-runtime.ts';
import { formatIssue, type Issue } from '../spec/index.ts';
import type { LoadWorkspaceResult } from '../workspace/load-workspace.ts';
import { ApiError } from './api-error.ts';
import { removeWorkspaceFile, writeWorkspaceText } from './workspace-files.ts';

/**
 * Makes a change to the workspace's files (`null` removes a file) once `checkChange` accepts it, and
 * returns the workspace as it now is.
 */
export async function applyChange(
  runtime: Runtime,
  root: string,
  changes: Record<string, string | null>,
): Promise<LoadWorkspaceResult> {
  await checkChange(runtime, changes);
  for (const [file, text] of Object.entries(changes)) {
    if (text === null) await removeWorkspaceFile(root, file);
    else await writeWorkspaceText(root, file, text);
  }
  return runtime.inspectWorkspace();
}

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
