import { parseStructuredOutput } from '../adapters/models/parse-structured-output.ts';
import type { RunHandle } from '../engine/create-engine.ts';
import { answerProblem } from '../engine/people/create-decisions.ts';
import { checkPlanAnswer } from '../engine/plan/check-plan-answer.ts';
import type {
  ApprovalState,
  Decision,
  Json,
  RunCommands,
  RunId,
  RunLeases,
  RunState,
  RunStore,
} from '../spec/index.ts';
import { BrigadeError, foldRun, pendingApprovals } from '../spec/index.ts';

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
export function findPendingApproval(state: RunState, runId: RunId, target: string): ApprovalState {
  const pending = pendingApprovals(state);
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
  const state = foldRun(store.read(request.runId));
  const approval = findPendingApproval(state, request.runId, request.target);
  const problem = answerProblem(approval, request);
  if (problem) throw new BrigadeError('USAGE', problem.message, { hint: problem.hint });
  if (request.content !== undefined) checkContent(state, approval, request.content);
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
  // When the owner is this very process (`brigade serve` runs it), it is never taken up a second time.
  if (store.get(request.runId)?.owner === ports.owner) return { delivered: true };
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

/**
 * What a person gives is checked before it is recorded: an edited plan like a planner's answer, an
 * output provided by hand against the step's output schema. A bad edit is refused here, with why.
 */
function checkContent(state: RunState, approval: ApprovalState, content: Json): void {
  const step = state.playbook?.steps[approval.step];
  if (approval.kind === 'plan' && step?.kind === 'plan') {
    const plan = state.plans[approval.unit];
    const edited = content as { tasks?: Json; done?: Json } | null;
    const answer = { tasks: edited?.tasks ?? null, cancel: [], done: edited?.done ?? false };
    const checked = plan ? checkPlanAnswer(plan, { maxTasks: step.maxTasks }, answer, 1) : undefined;
    if (checked && checked.problems.length > 0) {
      throw new BrigadeError('USAGE', `the edited plan of ${approval.unit} is not valid; nothing was recorded`, {
        hint: checked.problems.map((problem) => problem.message).join('; '),
      });
    }
  }
  if (approval.kind === 'escalation' && step?.kind === 'agent') {
    const schema = step.outputSchema ?? step.agent.outputSchema;
    // Checked the way a model's structured answer is checked.
    const checked = schema ? parseStructuredOutput(JSON.stringify(content), schema) : undefined;
    if (checked && !checked.ok) {
      throw new BrigadeError(
        'USAGE',
        `the output given for ${approval.unit} does not match its output schema; nothing was recorded`,
        { hint: checked.problem.replace('the answer does not match the output schema: ', '') },
      );
    }
  }
}
