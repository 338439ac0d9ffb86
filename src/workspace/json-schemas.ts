import { z } from 'zod';
import { agentFileSchema } from './agent-file-schema.ts';
import { brigadeFileSchema } from './brigade-file-schema.ts';
import { playbookFileSchema } from './playbook-file-schema.ts';

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
    'playbook.schema.json': render(playbookFileSchema, 'Brigade playbook'),
  };
}
