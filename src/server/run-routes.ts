import type { Hono } from 'hono';
import { explainRun } from '../engine/context/explain-run.ts';
import { selectExplainedStep } from '../engine/context/select-explained-step.ts';
import type { Runtime } from '../runtime/open-runtime.ts';
import { asRunId, BrigadeError, type Json, pendingApprovals, type RunId } from '../spec/index.ts';
import { serializeState } from '../spec/serialize-state.ts';
import {
  cancelRunBody,
  decideBody,
  eventsQuery,
  explainQuery,
  listRunsQuery,
  resumeRunBody,
  startRunBody,
} from './api-schemas.ts';
import type {
  CancelResponse,
  DecideResponse,
  ExplainResponse,
  FindingsResponse,
  InboxItem,
  RunListItem,
  RunResponse,
  RunStartedResponse,
} from './api-types.ts';
import { streamRunEvents } from './event-stream.ts';
import type { OwnedRuns } from './owned-runs.ts';
import { readJsonBody, readQuery } from './read-request.ts';
import { createRunStates, figuresOf } from './run-figures.ts';

/** Runs, approvals and the live event stream: each handler parses, calls the runtime, maps the result. */
export function addRunRoutes(
  app: Hono,
  runtime: Runtime,
  owned: OwnedRuns,
  options: { heartbeatMs: number; pollMs: number },
): void {
  const { store } = runtime;
  const stateOf = createRunStates(store, (runId) => owned.get(runId as RunId)?.state);

  function summaryOf(id: string) {
    const runId = asRunId(id);
    const summary = store.get(runId);
    if (!summary) throw new BrigadeError('RUN_NOT_FOUND', `no run ${id}`, { hint: 'list runs with GET /api/runs' });
    return { runId, summary };
  }

  app.post('/api/runs', async (c) => {
    const body = await readJsonBody(c, startRunBody);
    const handle = await runtime.startRun(body.playbook, body.inputs ?? {}, {
      dryRun: body.dryRun ?? false,
      whenBlocked: 'wait',
    });
    owned.add(handle);
    return c.json({ runId: handle.runId } satisfies RunStartedResponse, 201);
  });

  app.get('/api/runs', (c) => {
    const query = readQuery(c, listRunsQuery);
    const runs = store.list({ ...(query.status ? { status: query.status } : {}), limit: query.limit ?? 50 });
    return c.json(runs.map((run) => ({ ...run, figures: figuresOf(stateOf(run)) })) satisfies RunListItem[]);
  });

  app.get('/api/runs/:id', (c) => {
    const { summary } = summaryOf(c.req.param('id'));
    const state = stateOf(summary);
    return c.json({ run: summary, state: serializeState(state) } satisfies RunResponse);
  });

  app.get('/api/runs/:id/findings', (c) => {
    const { summary } = summaryOf(c.req.param('id'));
    const state = stateOf(summary);
    return c.json({ findings: state.findings } satisfies FindingsResponse);
  });

  app.get('/api/runs/:id/explain', (c) => {
    const { runId } = summaryOf(c.req.param('id'));
    const query = readQuery(c, explainQuery);
    const explanation = explainRun(store.read(runId));
    return c.json((query.step ? selectExplainedStep(explanation, query.step) : explanation) satisfies ExplainResponse);
  });

  app.post('/api/runs/:id/cancel', async (c) => {
    const { runId } = summaryOf(c.req.param('id'));
    const body = await readJsonBody(c, cancelRunBody);
    const reason = body.reason ?? 'cancelled through the API';
    // A run this process executes is cancelled through its handle: its lease is this process's own.
    const handle = owned.get(runId);
    if (handle) handle.cancel(reason);
    const outcome = handle ? 'requested' : await runtime.cancelRun(runId, reason);
    return c.json({ runId, outcome } satisfies CancelResponse);
  });

  app.post('/api/runs/:id/resume', async (c) => {
    const { runId } = summaryOf(c.req.param('id'));
    const body = await readJsonBody(c, resumeRunBody);
    if (owned.get(runId)) {
      throw new BrigadeError('RUN_BUSY', `run ${runId} is being executed by this server`, {
        hint: 'follow it with GET /api/runs/:id/events',
      });
    }
    // The runtime refuses an ended run and a step budget for a step the run does not have.
    const handle = await runtime.resumeRun(runId, 'resumed through the API', {
      ...(body.budget ? { budget: body.budget } : {}),
      ...(body.stepBudgets ? { stepBudgets: body.stepBudgets } : {}),
      whenBlocked: 'wait',
    });
    owned.add(handle);
    return c.json({ runId } satisfies RunStartedResponse);
  });

  app.get('/api/approvals', (c) => {
    const runs = [...store.list({ status: 'paused', limit: 1000 }), ...store.list({ status: 'running', limit: 1000 })];
    const items = runs.flatMap((run) => {
      // A run this server executes: its live state (a request not yet on disk can be decided: the
      // decision waits for it); another process's run: folded from the store.
      const state = stateOf(run);
      return pendingApprovals(state).map((approval): InboxItem => {
        const step = approval.kind === 'escalation' ? state.playbook?.steps[approval.step] : undefined;
        const schema = step?.kind === 'agent' ? (step.outputSchema ?? step.agent.outputSchema) : undefined;
        return {
          runId: run.id,
          playbook: run.playbook,
          runStatus: run.status,
          runInputs: state.inputs,
          ...(schema ? { outputSchema: schema as Json } : {}),
          ...approval,
        };
      });
    });
    items.sort((a, b) => a.requestedAt - b.requestedAt);
    return c.json(items);
  });

  app.post('/api/runs/:id/approvals/:approvalId', async (c) => {
    const { runId } = summaryOf(c.req.param('id'));
    const approvalId = c.req.param('approvalId');
    const body = await readJsonBody(c, decideBody);
    const request = {
      runId,
      target: approvalId,
      decision: body.decision,
      by: 'api',
      ...(body.comment === undefined ? {} : { comment: body.comment }),
      ...(body.content === undefined ? {} : { content: body.content }),
    };
    // A run this server executes streams an approval request the moment it is appended, a few
    // milliseconds before it is on disk, where the runtime checks decisions: a client that answers
    // at once waits for that commit instead of being told the request does not exist.
    await owned.get(runId)?.durable();
    const outcome = await runtime.decide(request);
    if ('resumed' in outcome) owned.add(outcome.resumed);
    return c.json({
      runId,
      approvalId,
      decision: body.decision,
      outcome: 'resumed' in outcome ? 'resumed' : 'delivered',
    } satisfies DecideResponse);
  });

  app.get('/api/runs/:id/events', (c) => {
    const { runId } = summaryOf(c.req.param('id'));
    const query = readQuery(c, eventsQuery);
    const header = Number(c.req.header('last-event-id'));
    const after = Number.isInteger(header) && header >= 0 ? header : (query.after ?? 0);
    return streamRunEvents({
      store,
      runId: runId as RunId,
      handle: () => owned.get(runId),
      after,
      signal: c.req.raw.signal,
      ...options,
    });
  });
}
