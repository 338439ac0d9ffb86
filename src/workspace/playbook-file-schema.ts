import { z } from 'zod';
import { describeValue } from './describe-value.ts';
import { didYouMean } from './did-you-mean.ts';
import { explainInvalid } from './schema-explanations.ts';
import {
  durationSchema,
  identifierSchema,
  jsonSchemaObjectSchema,
  jsonValueSchema,
  modelSchema,
} from './schema-parts.ts';

const inputTypeSchema = z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']);

export const inputSchema = z.strictObject({
  type: inputTypeSchema,
  description: z.string().optional(),
  default: jsonValueSchema
    .optional()
    .describe('Value used when the input is not given; without one the input is required.'),
  items: z
    .strictObject({
      type: inputTypeSchema,
      description: z.string().optional(),
      enum: z.array(jsonValueSchema).min(1).optional(),
    })
    .optional()
    .describe('Type of the elements of an array input.'),
  enum: z.array(jsonValueSchema).min(1).optional().describe('The allowed values.'),
});

const retrySchema = z
  .union(
    [
      z.int().min(0).max(20).describe('Number of retries after the first attempt.'),
      z.strictObject({
        attempts: z.int().min(1).max(21).describe('Total attempts, including the first.'),
        backoff: durationSchema.optional().describe('Delay before the first retry. Default: "1s".'),
        factor: z.number().min(1).max(10).optional().describe('Multiplier per further retry. Default: 2.'),
        max_backoff: durationSchema.optional().describe('Upper bound of one delay. Default: "30s".'),
        jitter: z.boolean().optional().describe('Draw each delay uniformly from [0, delay]. Default: true.'),
      }),
    ],
    { error: 'expected a number of retries, or { attempts, backoff, factor, max_backoff, jitter }' },
  )
  .describe('How a failed attempt is retried.');

const onErrorSchema = explainInvalid(
  z
    .union(
      [
        z.enum(['fail', 'continue']),
        z.strictObject({
          fallback: z
            .strictObject({
              agent: z.string().min(1).optional().describe('Agent to run instead.'),
              model: modelSchema.optional().describe('Model to use instead.'),
            })
            .describe('What to run once the attempts are used up.'),
        }),
      ],
      { error: 'expected "fail", "continue" or { fallback: { agent, model } }' },
    )
    .describe('What happens when the step has used up its attempts. Default: fail.'),
  (value) => ({
    message: `expected fail, continue, or { fallback: { agent: …, model: … } }, found ${describeValue(value)}`,
    hint: onErrorHint(value),
  }),
);

function onErrorHint(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (word === 'fallback') return 'name what runs instead, e.g. on_error: { fallback: { agent: editor } }';
  if (word.startsWith('retr')) {
    return 'retries are set apart, e.g. retry: 2; on_error says what happens after the last attempt';
  }
  return didYouMean(word, ['fail', 'continue', 'fallback']);
}

export const stepSchema = z.strictObject({
  agent: z.string().min(1).describe('Name of the agent that does the step.'),
  task: z.string().min(1).describe('Task template, e.g. "Write about {{ inputs.topic }}".'),
  needs: z
    .array(z.string().min(1), { error: 'expected a list of step ids, e.g. [draft]' })
    .optional()
    .describe('Steps that must settle before this one starts.'),
  when: z.string().min(1).optional().describe('Condition; the step is skipped when it is false.'),
  for_each: z.string().min(1).optional().describe('Expression giving a list; the step runs once per item.'),
  concurrency: z.int().min(1).optional().describe('Max items of a for_each running at once.'),
  output_schema: jsonSchemaObjectSchema.optional(),
  retry: retrySchema.optional(),
  timeout: durationSchema.optional().describe('Time limit of one attempt.'),
  on_error: onErrorSchema.optional(),
  context: z
    .strictObject({
      findings: z
        .union([
          z.literal(false),
          z.array(z.string().min(1)),
          z.strictObject({
            from: z.array(z.string().min(1)).optional().describe('Only findings shared by these steps.'),
            topics: z.array(z.string().min(1)).optional().describe('Only findings on these topics.'),
            tags: z.array(z.string().min(1)).optional().describe('Only findings with one of these tags.'),
          }),
        ])
        .optional()
        .describe(
          'Findings of the run board this agent is shown while it works: a list of steps, { from, topics, tags }, or false for none. Default: all.',
        ),
    })
    .optional()
    .describe('What the agent is shown besides its task.'),
});

/** `playbooks/<name>.yaml`: a graph of steps with typed inputs and an output. */
export const playbookFileSchema = z
  .strictObject({
    name: identifierSchema.optional().describe('Defaults to the file name.'),
    description: z.string().optional(),
    inputs: z.record(identifierSchema, inputSchema).optional(),
    steps: z
      .record(identifierSchema, stepSchema)
      .describe('Steps keyed by id; they run in parallel unless `needs` orders them.'),
    output: z.string().optional().describe('Template of the result, e.g. "{{ steps.draft.output }}".'),
    concurrency: z.int().min(1).optional().describe('Max units of this playbook running at once.'),
  })
  .describe('A Brigade playbook (playbooks/<name>.yaml).');

/** A playbook file as written. */
export type PlaybookFile = z.infer<typeof playbookFileSchema>;
export type StepFile = z.infer<typeof stepSchema>;
export type InputFile = z.infer<typeof inputSchema>;
