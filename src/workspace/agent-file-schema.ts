import { z } from 'zod';
import {
  identifierSchema,
  jsonSchemaObjectSchema,
  jsonValueSchema,
  latencySchema,
  modelSchema,
} from './schema-parts.ts';

const simulateSchema = z
  .strictObject({
    latency_ms: latencySchema.optional(),
    tool_calls: z
      .array(
        z.array(
          z.strictObject({
            tool: z.string().min(1),
            input: jsonValueSchema.optional().describe('Tool input. Default: {}.'),
          }),
        ),
      )
      .optional()
      .describe('Tool calls to make, one list per turn, before the final answer.'),
    output: jsonValueSchema.optional().describe('Fixed final answer; default is a deterministic summary of the task.'),
    fail: z
      .strictObject({
        times: z.int().min(1).describe('Fail this many calls of each unit.'),
        error: z.enum(['rate-limit', 'overload', 'server', 'timeout', 'bad-request']),
      })
      .optional(),
    loop: z.boolean().optional().describe('Keep calling tools forever (to test limits).'),
  })
  .describe('What the simulator does for this agent; real models ignore it.');

/** `agents/<name>.yaml`: one agent. */
export const agentFileSchema = z
  .strictObject({
    name: identifierSchema.optional().describe('Defaults to the file name; must match it when given.'),
    role: z.string().min(1).describe('Who the agent is, in one line.'),
    instructions: z.string().min(1).describe('How the agent works: the system prompt.'),
    model: modelSchema.optional().describe('Defaults to the model in brigade.yaml, then "simulator:default".'),
    tools: z.array(z.string().min(1)).optional().describe('Names of tools the agent may call.'),
    max_steps: z.int().min(1).max(100).optional().describe('Max model turns in the tool loop. Default: 8.'),
    temperature: z.number().min(0).max(2).optional(),
    max_output_tokens: z.int().min(1).optional(),
    output_schema: jsonSchemaObjectSchema.optional(),
    simulate: simulateSchema.optional(),
  })
  .describe('A Brigade agent (agents/<name>.yaml).');

/** An agent file as written. */
export type AgentFile = z.infer<typeof agentFileSchema>;
