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

/** GET /api/runs/:id/explain: one step (or unit, `versions[1]`) instead of the whole run. */
export const explainQuery = z.strictObject({ step: z.string().min(1).optional() });

export type StartRunBody = z.infer<typeof startRunBody>;
export type ResumeRunBody = z.infer<typeof resumeRunBody>;
export type CancelRunBody = z.infer<typeof cancelRunBody>;
export type DecideBody = z.infer<typeof decideBody>;
export type ExplainQuery = z.infer<typeof explainQuery>;
export type ListRunsQuery = z.infer<typeof listRunsQuery>;
export type PutFileBody = z.infer<typeof putFileBody>;

/** POST /api/check: a file's text to check with the whole workspace, nothing written. */
export const checkBody = z.strictObject({
  kind: z.enum(['agent', 'playbook']),
  name: z.string().min(1).max(200),
  yaml: z.string(),
});

const limitEntry = z.strictObject({
  concurrency: z.number().optional(),
  requests_per_minute: z.number().optional(),
  tokens_per_minute: z.number().optional(),
});

/**
 * PUT /api/settings: brigade.yaml's fields to change, named as in the file. A section given
 * replaces what it names; null removes it. The whole workspace is checked before anything is written.
 */
export const putSettingsBody = z.strictObject({
  concurrency: z.number().nullable().optional(),
  models: z.record(z.string().min(1), z.strictObject({ concurrency: z.number().nullable() })).optional(),
  limits: z.record(z.string().min(1), limitEntry.nullable()).optional(),
  budget: z
    .strictObject({
      tokens: z.number().optional(),
      cost_usd: z.number().optional(),
      model_calls: z.number().optional(),
      time: z.string().optional(),
    })
    .nullable()
    .optional(),
});

/** PUT /api/providers/:name/key: an API key to store, encrypted. */
export const putProviderKeyBody = z.strictObject({
  key: z
    .string()
    .trim()
    .min(8, { error: 'an API key is at least 8 characters' })
    .max(1000)
    .regex(/^\S+$/, { error: 'an API key has no spaces' }),
});

export type CheckBody = z.infer<typeof checkBody>;
export type PutSettingsBody = z.infer<typeof putSettingsBody>;
