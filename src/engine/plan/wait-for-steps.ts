import type { RunState, StepId } from '../../spec/index.ts';
import type { Journal } from '../run/create-journal.ts';

const settling: ReadonlySet<string> = new Set(['step-end', 'step-error', 'step-skip', 'run-end']);

/** A step that will not run again: succeeded, skipped, or failed. */
export function isStepOver(state: RunState, id: StepId): boolean {
  const status = state.steps[id]?.status;
  return status === 'succeeded' || status === 'skipped' || status === 'failed';
}

/** Resolves once every step is over; rejects when the signal aborts. */
export function waitForSteps(journal: Journal, ids: StepId[], signal: AbortSignal): Promise<void> {
  const over = () => ids.every((id) => isStepOver(journal.state, id));
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    if (over()) return resolve();
    const stop = () => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      reject(signal.reason);
    };
    const unsubscribe = journal.subscribe((event) => {
      if (!settling.has(event.type) || !over()) return;
      stop();
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
