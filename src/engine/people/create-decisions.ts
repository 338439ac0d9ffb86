import type {
  ApprovalAnswer,
  ApprovalRequest,
  ApprovalState,
  RunCommand,
  RunEventBody,
  RunState,
  StepId,
} from '../../spec/index.ts';
import { digestOf, pendingApprovals } from '../../spec/index.ts';

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
      if (answerProblem(approval, command)) return false;
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
    pending: () => pendingApprovals(state).map((each) => each.id),
  };
}

/**
 * Why an answer does not fit its request (a decision it does not offer, an edit it does not allow,
 * an output to provide that is missing), or null. The owner drops such an answer; the CLI and the
 * API refuse it with these words before sending anything.
 */
export function answerProblem(
  approval: Pick<ApprovalRequest, 'id' | 'options'>,
  answer: Pick<ApprovalAnswer, 'decision' | 'content'>,
): { message: string; hint: string } | null {
  if (!approval.options.includes(answer.decision)) {
    const offered = approval.options.filter((option) => option !== 'edit');
    return {
      message: `${approval.id} cannot be answered with "${answer.decision}"`,
      hint: `it offers: ${offered.join(', ')}`,
    };
  }
  if (answer.content !== undefined && answer.decision === 'approve' && !approval.options.includes('edit')) {
    return { message: `${approval.id} cannot be edited`, hint: 'approve or reject it as shown' };
  }
  if (answer.decision === 'provide' && answer.content === undefined) {
    return { message: `providing the output of ${approval.id} needs the output`, hint: 'give it with --edit <file>' };
  }
  return null;
}

/** The id of a unit's request: `review`, `send[2]@3` (third attempt), `send[2]:call_1`. */
export function approvalId(unitKey: string, attempt: number, suffix?: string): string {
  return `${unitKey}${attempt > 1 ? `@${attempt}` : ''}${suffix === undefined ? '' : `:${suffix}`}`;
}
