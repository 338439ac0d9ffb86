import { z } from 'zod';
import { budgetSchema } from './playbook-file-schema.ts';
import { identifierSchema, latencySchema, modelSchema } from './schema-parts.ts';

/** `brigade.yaml`: workspace-wide defaults. */
const requiresApprovalSchema = z.boolean().optional();

export const brigadeFileSchema = z
  .strictObject({
    model: modelSchema.optional().describe('Model for agents that name none. Default: "simulator:default".'),
    concurrency: z.int().min(1).max(1024).optional().describe('Max units running at once across runs. Default: 8.'),
    budget: budgetSchema
      .optional()
      .describe('Default budget of a run: used by every playbook that sets no budget of its own.'),
    models: z
      .record(
        modelSchema,
        z.strictObject({
          concurrency: z.int().min(1).max(1024).optional().describe('Max calls to this model at once.'),
          context_window: z
            .int()
            .min(1024)
            .max(100_000_000)
            .optional()
            .describe("Tokens the model reads in one call (prompt and answer); overrides Brigade's table."),
        }),
      )
      .optional()
      .describe('Settings per model, keyed by "provider:model".'),
    limits: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+(?::\S+)?$/, {
          error: 'expected a provider ("openai") or "provider:model" ("openai:gpt-5-mini")',
        }),
        z.strictObject({
          concurrency: z.int().min(1).max(100_000).optional().describe('Most requests in flight at once.'),
          requests_per_minute: z.number().positive().optional().describe('Requests per minute.'),
          tokens_per_minute: z
            .number()
            .positive()
            .optional()
            .describe('Input + output tokens per minute (estimated before a call, corrected after it).'),
        }),
      )
      .optional()
      .describe(
        'Rate limits of model calls, per provider ("openai") or per model ("openai:gpt-5-mini", which wins). Default: learned from the provider.',
      ),
    providers: z
      .record(
        identifierSchema,
        z.strictObject({
          base_url: z
            .url({ error: 'expected a URL such as "http://localhost:8000/v1"' })
            .describe('OpenAI-compatible API root.'),
          api_key_env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name, e.g. "MY_API_KEY"' })
            .optional()
            .describe('Environment variable holding the API key.'),
        }),
      )
      .optional()
      .describe('Custom OpenAI-compatible providers; use them as "name:model".'),
    simulator: z
      .strictObject({
        latency_ms: latencySchema.optional(),
        rate_limit: z
          .strictObject({
            requests_per_minute: z.number().positive().optional(),
            tokens_per_minute: z.number().positive().optional(),
            concurrency: z.int().min(1).optional().describe('Most calls in flight at once.'),
            overload_rate: z.number().min(0).max(1).optional().describe('Share of calls answered "overloaded" (529).'),
            headers: z.boolean().optional().describe('Send x-ratelimit-* headers, as OpenAI does. Default: true.'),
          })
          .optional()
          .describe('Imitate a rate-limited provider: 429 with retry-after when a limit is exceeded.'),
      })
      .optional()
      .describe('How simulated models behave.'),
    tools: z
      .strictObject({
        http_request: z
          .strictObject({
            allow_private: z
              .boolean()
              .optional()
              .describe('Allow requests to private and loopback addresses. Default: false.'),
            allow_hosts: z
              .array(z.string().min(1))
              .optional()
              .describe(
                'Hosts let through even when they resolve to private addresses: exact ("api.local") or "*.suffix".',
              ),
            allow_methods: z
              .array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']))
              .optional()
              .describe(
                'HTTP methods agents may use. Default: GET and HEAD; requests that change things elsewhere are opt-in.',
              ),
            requires_approval: requiresApprovalSchema.describe(
              'Calls wait for a person. Default: only calls with a method other than GET and HEAD.',
            ),
          })
          .optional(),
        read_file: z
          .strictObject({
            requires_approval: requiresApprovalSchema.describe('Calls wait for a person. Default: false.'),
          })
          .optional(),
        write_file: z
          .strictObject({
            requires_approval: requiresApprovalSchema.describe(
              'Calls wait for a person. Default: false (writes stay inside the workspace, under git).',
            ),
          })
          .optional(),
      })
      .optional()
      .describe('Settings of built-in tools.'),
  })
  .describe('Brigade workspace settings (brigade.yaml).');

/** `brigade.yaml` as written. */
export type BrigadeFile = z.infer<typeof brigadeFileSchema>;
