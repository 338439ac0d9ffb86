import type { RunHandle } from '../engine/create-engine.ts';
import type { ApprovalState, Decision, Json, RunCommands, RunId, RunLeases, RunStore } from '../spec/index.ts';
import { BrigadeError, foldRun } from '../spec/index.ts';

/** A person's decision, as the CLI or the API hands it over. */
export interface DecideRequest {
  runId: RunId;
  /** The approval's id, or its step's id when the step has exactly one pending approval. */
  target: string;
  decision: Decision;
  by: string;
  comment?: string;
  /** Edited content (approve) or the output provided by hand (provide). */
  content?: Json;
}

/** The pending approval a target names, or a clear error saying what is pending instead. */
export function findPendingApproval(approvals: Iterable<ApprovalState>, runId: RunId, target: string): ApprovalState {
  const pending = [...approvals].filter((approval) => approval.status === 'pending');
  const exact = pending.find((approval) => approval.id === target);
  if (exact) return exact;
  const ofStep = pending.filter((approval) => approval.step === target);
  if (ofStep.length === 1) return ofStep[0]!;
  if (ofStep.length > 1) {
    throw new BrigadeError('USAGE', `step ${target} of run ${runId} has ${ofStep.length} pending decisions`, {
      hint: `name one: ${ofStep.map((approval) => approval.id).join(', ')}`,
    });
  }
  throw new BrigadeError('APPROVAL_NOT_FOUND', `run ${runId} has no pending decision "${target}"`, {
    hint: pending.length ? `pending: ${pending.map((approval) => approval.id).join(', ')}` : 'see `brigade inbox`',
  });
}

/**
 * Checks a decision against the pending request (what it offers, what was shown), sends it to the
 * run's owner, and when nobody owns the run takes it up so the run goes on from the decision.
 */
export async function decideRun(
  request: DecideRequest,
  ports: {
    store: RunStore & RunLeases & RunCommands;
    owner: string;
    resumeRun(runId: RunId, reason: string): Promise<RunHandle>;
  },
): Promise<{ delivered: true } | { resumed: RunHandle }> {
  const { store } = ports;
  const summary = store.get(request.runId);
  if (!summary) {
    throw new BrigadeError('RUN_NOT_FOUND', `no run ${request.runId}`, { hint: 'list runs with `brigade runs`' });
  }
  if (summary.status !== 'running' && summary.status !== 'paused') {
    throw new BrigadeError('RUN_FINISHED', `run ${request.runId} already ended (${summary.status})`);
  }
  const approval = findPendingApproval(
    foldRun(store.read(request.runId)).approvals.values(),
    request.runId,
    request.target,
  );
  const offered = approval.options.filter((option) => option !== 'edit');
  if (!approval.options.includes(request.decision)) {
    throw new BrigadeError('USAGE', `${approval.id} cannot be answered with "${request.decision}"`, {
      hint: `it offers: ${offered.join(', ')}`,
    });
  }
  if (request.content !== undefined && request.decision === 'approve' && !approval.options.includes('edit')) {
    throw new BrigadeError('USAGE', `${approval.id} cannot be edited`, { hint: 'approve or reject it as shown' });
  }
  if (request.decision === 'provide' && request.content === undefined) {
    throw new BrigadeError('USAGE', `providing the output of ${approval.step} needs the output`, {
      hint: 'give it with --edit <file>',
    });
  }
  store.send(request.runId, {
    type: 'decide',
    id: approval.id,
    decision: request.decision,
    digest: approval.digest,
    by: request.by,
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    ...(request.content === undefined ? {} : { content: request.content }),
  });
  // The owner takes the decision at its next poll; if there is none (the run is paused, or its
  // process died), this process takes the run up. Either way the decision is applied exactly once.
  for (let tries = 0; tries < 100; tries++) {
    if (!store.hasPending(request.runId)) return { delivered: true };
    if (store.acquire(request.runId, ports.owner)) {
      store.release(request.runId, ports.owner);
      try {
        return { resumed: await ports.resumeRun(request.runId, `${request.by} decided ${approval.id}`) };
      } catch (error) {
        if (!(error instanceof BrigadeError && error.code === 'RUN_BUSY')) throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { delivered: true };
}
