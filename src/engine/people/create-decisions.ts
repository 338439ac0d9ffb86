import type { ApprovalRequest, ApprovalState, RunCommand, RunEventBody, RunState, StepId } from '../../spec/index.ts';
import { digestOf } from '../../spec/index.ts';

/** Where an approval is asked from: the unit and attempt it blocks. */
export interface AskWhere {
  step: StepId;
  item?: number;
  attempt: number;
}

/** What a unit asks of a person: the request without its digest (computed from the content). */
export type AskRequest = Omit<ApprovalRequest, 'digest'>;

/** The decisions of one run: asking people, waiting for them, and recording their answers. */
export interface Decisions {
  /**
   * Asks a person (once: a request already in the log is not asked again) and waits for the
   * answer; resolves with the decided approval, rejects with the signal's reason when aborted.
   */
  ask(where: AskWhere, request: AskRequest, signal: AbortSignal): Promise<ApprovalState>;
  /** Records a `decide` command as an `approval-response` if it answers a pending request with the digest shown; false otherwise. */
  apply(command: Extract<RunCommand, { type: 'decide' }>): boolean;
  /** Units waiting for a person now. */
  blocked(): number;
  /** Ids of the requests that are pending. */
  pending(): string[];
}

/**
 * Creates the decision book of a run. `onBlocked` is called whenever a unit starts waiting, so the
 * scheduler can see when nothing but people's decisions is left.
 */
export function createDecisions(
  journal: {
    readonly state: RunState;
    append(body: RunEventBody): unknown;
    durable(): Promise<void>;
    subscribe(listener: (event: { type: string; id?: string }) => void): () => void;
  },
  onBlocked: () => void,
): Decisions {
  const state = journal.state;
  const waiters = new Map<string, () => void>();
  let blocked = 0;
  journal.subscribe((event) => {
    if (event.type === 'approval-response' && event.id !== undefined) waiters.get(event.id)?.();
  });

  async function waitFor(id: string, signal: AbortSignal): Promise<void> {
    if (state.approvals.get(id)?.status !== 'pending') return;
    signal.throwIfAborted();
    blocked++;
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        waiters.set(id, () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
        signal.addEventListener('abort', onAbort, { once: true });
        onBlocked();
      });
    } finally {
      blocked--;
      waiters.delete(id);
    }
  }

  return {
    async ask(where, request, signal) {
      if (!state.approvals.has(request.id)) {
        journal.append({
          type: 'approval-request',
          ...where,
          request: { ...request, digest: digestOf(request.content) },
        });
        // Asked only once it is on disk: a person may act on it from another process.
        await journal.durable();
      }
      await waitFor(request.id, signal);
      const approval = state.approvals.get(request.id)!;
      if (approval.status !== 'decided') signal.throwIfAborted();
      return approval;
    },
    apply(command) {
      const approval = state.approvals.get(command.id);
      if (approval?.status !== 'pending' || approval.digest !== command.digest) return false;
      const offered = approval.options.includes(command.decision);
      const edits = command.content !== undefined && command.decision === 'approve';
      if (!offered || (edits && !approval.options.includes('edit'))) return false;
      journal.append({
        type: 'approval-response',
        id: command.id,
        decision: command.decision,
        digest: command.digest,
        by: command.by,
        ...(command.comment === undefined ? {} : { comment: command.comment }),
        ...(command.content === undefined ? {} : { content: command.content }),
      });
      return true;
    },
    blocked: () => blocked,
    pending: () => [...state.approvals.values()].filter((each) => each.status === 'pending').map((each) => each.id),
  };
}

/** The id of a unit's request: `review`, `send[2]@3` (third attempt), `send[2]:call_1`. */
export function approvalId(unitKey: string, attempt: number, suffix?: string): string {
  return `${unitKey}${attempt > 1 ? `@${attempt}` : ''}${suffix === undefined ? '' : `:${suffix}`}`;
}
