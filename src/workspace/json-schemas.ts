import { z } from 'zod';
import type { StepKind } from '../spec/index.ts';
import { agentFileSchema } from './agent-file-schema.ts';
import { brigadeFileSchema } from './brigade-file-schema.ts';
import { contextSchema, playbookFileSchema, stepFields } from './playbook-file-schema.ts';
import { identifierSchema } from './schema-parts.ts';
import { sharedStepFields, stepKindFields, stepKindKeys } from './step-kind-fields.ts';

/**
 * The JSON Schemas of the workspace files, as file name → text, for editors (`schemas/` in this
 * repository and in every scaffolded workspace).
 */
export function renderJsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string) => {
    const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
    return JSON.stringify({ $schema, title, ...rest }, null, 2) + '\n';
  };
  return {
    'brigade.schema.json': render(brigadeFileSchema, 'brigade.yaml'),
    'agent.schema.json': render(agentFileSchema, 'Brigade agent'),
    'playbook.schema.json': render(exportedPlaybookSchema(), 'Brigade playbook'),
  };
}

const kindDescriptions: Record<StepKind, string> = {
  agent: 'An agent step: the agent does the task.',
  route: 'A route step: the agent chooses one branch; the steps of the other branches are skipped.',
  synthesize: 'A synthesize step: the agent merges the outputs of `from` into one result, with attribution.',
  plan: 'A plan step: the planner turns the goal into tasks for its team, runs them and revises the plan.',
  approval: 'An approval step: a person approves, rejects or edits before the steps after it run.',
};

// What several kinds share, defined once under $defs (copies, so the loader's schemas stay as they are).
const sharedDefinitions: Record<string, z.ZodType> = {
  context: contextSchema.meta({ id: 'StepContext' }),
  retry: stepFields.retry.meta({ id: 'StepRetry' }),
  on_error: stepFields.on_error.meta({ id: 'StepOnError' }),
  budget: stepFields.budget.meta({ id: 'Budget' }),
};

/**
 * The playbook schema editors get: each step is one of the kinds, with only its own fields (the
 * loader checks the same with its own messages, on one schema holding every field).
 */
function exportedPlaybookSchema() {
  const kinds = stepKindKeys.map((kind) => {
    const { fields, required, context } = stepKindFields[kind];
    const shape: Record<string, z.ZodType> = {};
    for (const field of [...fields, ...sharedStepFields]) {
      const schema =
        field === 'context' && context.length < Object.keys(contextSchema.shape).length
          ? contextSchema
              .pick(Object.fromEntries(context.map((name) => [name, true])) as { findings: true })
              .describe(contextSchema.description ?? '')
          : (sharedDefinitions[field] ?? stepFields[field as keyof typeof stepFields]);
      shape[field] = required.includes(field) ? schema : schema.optional();
    }
    return z.strictObject(shape).describe(kindDescriptions[kind]);
  });
  return playbookFileSchema.extend({
    steps: z.record(identifierSchema, z.union(kinds)).describe(playbookFileSchema.shape.steps.description ?? ''),
  });
}
