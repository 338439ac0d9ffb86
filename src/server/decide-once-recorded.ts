import type { Runtime } from '../runtime/open-runtime.ts';
import { BrigadeError } from '../spec/index.ts';
import type { OwnedRuns } from './owned-runs.ts';

/**
 * A run this server executes streams an approval request the moment it is appended, a few
 * milliseconds before it is durable; a client that answers at once must not be told it does not
 * exist. While the live run has the request pending, the decision waits (up to 2 s) for the
 * request to reach the log, which is what the runtime checks decisions against.
 */
export async function decideOnceRecorded(
  runtime: Pick<Runtime, 'decide'>,
  owned: Pick<OwnedRuns, 'get'>,
  request: Parameters<Runtime['decide']>[0],
) {
  const started = Date.now();
  for (;;) {
    try {
      return await runtime.decide(request);
    } catch (error) {
      const live = owned.get(request.runId)?.state;
      const pendingLive = [...(live?.approvals.values() ?? [])].some(
        (approval) =>
          approval.status === 'pending' && (approval.id === request.target || approval.step === request.target),
      );
      const waiting = error instanceof BrigadeError && error.code === 'APPROVAL_NOT_FOUND' && pendingLive;
      if (!waiting || Date.now() - started > 2000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
