import type { AgentSpec, SimulatorScript } from '../spec/index.ts';
import type { AgentFile } from './agent-file-schema.ts';

/** An agent file as the engine sees it: camelCase, with its model and limits resolved. */
export function compileAgent(file: AgentFile, name: string, defaultModel: string): AgentSpec {
  const agent: AgentSpec = {
    name,
    role: file.role,
    instructions: file.instructions,
    model: file.model ?? defaultModel,
    tools: [...new Set(file.tools ?? [])],
    maxSteps: file.max_steps ?? 8,
  };
  if (file.temperature !== undefined) agent.temperature = file.temperature;
  if (file.max_output_tokens !== undefined) agent.maxOutputTokens = file.max_output_tokens;
  if (file.output_schema !== undefined) agent.outputSchema = file.output_schema;
  if (file.simulate !== undefined) agent.simulate = compileSimulate(file.simulate);
  return agent;
}

function compileSimulate(file: NonNullable<AgentFile['simulate']>): SimulatorScript {
  const script: SimulatorScript = {};
  if (file.latency_ms !== undefined) script.latencyMs = file.latency_ms;
  if (file.tool_calls !== undefined) {
    script.toolCalls = file.tool_calls.map((turn) =>
      turn.map((call) => ({ tool: call.tool, input: call.input ?? {} })),
    );
  }
  if (file.output !== undefined) script.output = file.output;
  if (file.fail !== undefined) script.fail = { times: file.fail.times, error: file.fail.error };
  if (file.loop !== undefined) script.loop = file.loop;
  return script;
}
