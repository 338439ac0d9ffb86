import { z } from 'zod';

/** Limits on one unit of work, as in `brigade resume --budget`: any subset, each positive. */
export const budgetSchema = z.strictObject({
  tokens: z.number().positive().optional(),
  costUsd: z.number().positive().optional(),
  modelCalls: z.number().int().positive().optional(),
  timeMs: z.number().positive().optional(),
});

/** PUT /api/agents/:name and /api/playbooks/:name: the file's new text, written byte for byte. */
export const putFileBody = z.strictObject({ yaml: z.string() });

/** POST /api/check: a file's text to check with the whole workspace, without writing it. */
export const checkBody = z.strictObject({
  kind: z.enum(['agent', 'playbook']),
  name: z.string().min(1),
  yaml: z.string(),
});

/** POST /api/runs. */
export const startRunBody = z.strictObject({
  playbook: z.string().min(1),
  inputs: z.record(z.string(), z.json()).optional(),
  dryRun: z.boolean().optional(),
});

/** POST /api/runs/:id/resume. */
export const resumeRunBody = z.strictObject({
  budget: budgetSchema.optional(),
  stepBudgets: z.record(z.string(), budgetSchema).optional(),
});

/** POST /api/runs/:id/cancel. */
export const cancelRunBody = z.strictObject({ reason: z.string().max(1000).optional() });

/** POST /api/runs/:id/approvals/:approvalId. */
export const decideBody = z.strictObject({
  decision: z.enum(['approve', 'reject', 'provide', 'retry', 'skip']),
  comment: z.string().max(10_000).optional(),
  content: z.json().optional(),
});

/** GET /api/runs. */
export const listRunsQuery = z.strictObject({
  status: z.enum(['running', 'paused', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** GET /api/runs/:id/events: replay after a seq; the token for EventSource, which cannot set headers. */
export const eventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

export type StartRunBody = z.infer<typeof startRunBody>;
export type ResumeRunBody = z.infer<typeof resumeRunBody>;
export type CancelRunBody = z.infer<typeof cancelRunBody>;
export type DecideBody = z.infer<typeof decideBody>;
export type ListRunsQuery = z.infer<typeof listRunsQuery>;
export type PutFileBody = z.infer<typeof putFileBody>;
export type CheckBody = z.infer<typeof checkBody>;
