import type { BrigadeErrorCode, RunStatus } from '../spec/index.ts';

/** Exit codes scripts can rely on (documented in docs/cli.md). */
export const exitCodes = {
  ok: 0,
  runFailed: 1,
  invalid: 2,
  runCancelled: 3,
  notFound: 4,
  busy: 5,
  /** The run is paused: it waits for a person's decision or a raised budget. */
  paused: 6,
  internal: 70,
} as const;

/** The one table from error code to exit code. */
export const exitCodeForError: Record<BrigadeErrorCode, number> = {
  WORKSPACE_INVALID: exitCodes.invalid,
  WORKSPACE_NOT_FOUND: exitCodes.notFound,
  PLAYBOOK_NOT_FOUND: exitCodes.notFound,
  INPUT_INVALID: exitCodes.invalid,
  RUN_NOT_FOUND: exitCodes.notFound,
  RUN_BUSY: exitCodes.busy,
  RUN_FINISHED: exitCodes.invalid,
  APPROVAL_NOT_FOUND: exitCodes.notFound,
  MODEL_UNAVAILABLE: exitCodes.invalid,
  USAGE: exitCodes.invalid,
};

/** The exit code for how a run ended. */
export function exitCodeForRun(status: RunStatus): number {
  if (status === 'succeeded') return exitCodes.ok;
  if (status === 'cancelled') return exitCodes.runCancelled;
  if (status === 'paused') return exitCodes.paused;
  return exitCodes.runFailed;
}
