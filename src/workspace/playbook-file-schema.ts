import { z } from 'zod';
import { describeValue } from './describe-value.ts';
import { didYouMean } from './did-you-mean.ts';
import { isMapping } from './salvage.ts';
import { explainFields, explainInvalid } from './schema-explanations.ts';
import {
  durationSchema,
  identifierSchema,
  jsonSchemaObjectSchema,
  jsonValueSchema,
  modelSchema,
} from './schema-parts.ts';
import { kindKeysOf, sharedStepFields, stepKindFields } from './step-kind-fields.ts';

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
        z.enum(['fail', 'continue', 'escalate']),
        z.strictObject({
          fallback: z
            .strictObject({
              agent: z.string().min(1).optional().describe('Agent to run instead.'),
              model: modelSchema.optional().describe('Model to use instead.'),
            })
            .describe('What to run once the attempts are used up.'),
        }),
      ],
      { error: 'expected "fail", "continue", "escalate" or { fallback: { agent, model } }' },
    )
    .describe(
      'What happens when the step has used up its attempts: fail the run, continue without it, escalate to a person (provide the output, retry or skip), or fall back. Default: fail.',
    ),
  (value) => ({
    message: `expected fail, continue, escalate, or { fallback: { agent: …, model: … } }, found ${describeValue(value)}`,
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
  return didYouMean(word, ['fail', 'continue', 'escalate', 'fallback']);
}

const stepIdsSchema = z.array(z.string().min(1), { error: 'expected a list of step ids, e.g. [draft]' });

const findingsSchema = z
  .union([
    z.literal(false),
    z.array(z.string().min(1)),
    z.strictObject({
      from: z.array(z.string().min(1)).optional().describe('Only findings shared by these steps.'),
      topics: z.array(z.string().min(1)).optional().describe('Only findings on these topics.'),
      tags: z.array(z.string().min(1)).optional().describe('Only findings with one of these tags.'),
    }),
  ])
  .describe(
    'Findings of the run board this agent is shown while it works: a list of steps, { from, topics, tags }, or false for none. Default: all.',
  );

/** `context:` of agent, route and synthesize steps (plan steps take only `findings`). */
export const contextSchema = z
  .strictObject({
    steps: stepIdsSchema
      .optional()
      .describe('Upstream steps whose outputs the agent is shown before it starts (each must be upstream).'),
    findings: findingsSchema.optional(),
    max_tokens: z
      .int()
      .min(1)
      .optional()
      .describe('Upper bound, in estimated tokens, of the context put in front of the agent.'),
  })
  .describe('What the agent is shown besides its task.');

/** `budget:` of a step (per unit) or of a whole playbook. */
export const budgetSchema = z
  .strictObject({
    tokens: z.int().min(1).optional().describe('Input + output tokens.'),
    cost_usd: z.number().positive({ error: 'must be more than 0' }).optional().describe('Estimated cost in USD.'),
    model_calls: z.int().min(1).optional().describe('Model calls.'),
    time: durationSchema.optional().describe('Wall-clock time, e.g. "10m".'),
  })
  .describe('Limits on the work; reaching one halts the run, which can resume with a raised limit.');

const branchSchema = z
  .strictObject({
    description: z.string().optional().describe('What this branch is for; the routing agent reads it.'),
    steps: stepIdsSchema.describe('The steps that run only when this branch is chosen.'),
  })
  .describe('A branch of a route step.');

/**
 * Every field a step may have, of every kind. Which key of `agent`, `route`, `synthesize`, `plan`
 * and `approval` a step has gives its kind; `step-kind-fields.ts` says which fields each kind takes.
 */
export const stepFields = {
  agent: z.string().min(1).describe('Name of the agent that does the step (makes it an agent step).'),
  route: z.string().min(1).describe('Name of the agent that chooses one of the branches (makes it a route step).'),
  synthesize: z
    .string()
    .min(1)
    .describe('Name of the agent that merges the outputs of `from` (makes it a synthesize step).'),
  plan: z
    .string()
    .min(1)
    .describe('Name of the planner agent that turns `goal` into tasks for `team` (makes it a plan step).'),
  approval: z.string().min(1).describe('What a person is asked to approve (makes it an approval step).'),
  task: z.string().min(1).describe('Task template, e.g. "Write about {{ inputs.topic }}".'),
  output_schema: jsonSchemaObjectSchema,
  context: contextSchema,
  branches: z
    .record(identifierSchema, branchSchema)
    .describe('Branch name → { description, steps }; the route agent picks one, the other branches are skipped.'),
  from: stepIdsSchema.min(1).describe('Steps whose outputs are merged; each is also a need.'),
  goal: z.string().min(1).describe('Goal template for the planner.'),
  team: z
    .array(z.string().min(1), { error: 'expected a list of agent names, e.g. [writer, editor]' })
    .min(1)
    .describe('The agents the planner may give tasks to.'),
  max_tasks: z.int().min(1).max(100).describe('Most tasks in the plan, over all rounds. Default: 8.'),
  max_rounds: z.int().min(1).max(10).describe('Most planning rounds (the first plan and its revisions). Default: 2.'),
  max_repairs: z.int().min(0).max(10).describe('How often the planner may fix an invalid plan. Default: 2.'),
  approve: z.boolean().describe('A person approves (and may edit) the first plan before it runs. Default: false.'),
  content: z.string().min(1).describe('Template of the content the person approves (and may edit).'),
  needs: stepIdsSchema.describe('Steps that must settle before this one starts.'),
  when: z.string().min(1).describe('Condition; the step is skipped when it is false.'),
  for_each: z.string().min(1).describe('Expression giving a list; the step runs once per item.'),
  concurrency: z.int().min(1).describe('Max items of a for_each running at once.'),
  retry: retrySchema,
  timeout: durationSchema.optional().describe('Time limit of one attempt.'),
  on_error: onErrorSchema,
  budget: budgetSchema,
};

/** A step as checked field by field: every field of every kind, all optional (kinds are checked apart). */
export const stepSchema = explainFields(z.strictObject(stepFields).partial(), (value) => {
  const [kind] = kindKeysOf(isMapping(value) ? Object.keys(value) : []);
  return kind ? [...stepKindFields[kind].fields, ...sharedStepFields] : Object.keys(stepFields);
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
    budget: budgetSchema.optional(),
  })
  .describe('A Brigade playbook (playbooks/<name>.yaml).');

/** A playbook file as written. */
export type PlaybookFile = z.infer<typeof playbookFileSchema>;
export type StepFile = z.infer<typeof stepSchema>;
export type InputFile = z.infer<typeof inputSchema>;
