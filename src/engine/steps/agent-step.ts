import type { AgentStep } from '../../spec/index.ts';
import { runAgentLoop } from '../agent/run-agent-loop.ts';
import { renderTemplate } from '../template/index.ts';
import { agentFor, agentsWithFallback, type StepKindHandler } from './step-kind.ts';

/** `agent:` steps: render the task and run the agent's tool loop. */
export const agentStep: StepKindHandler<AgentStep> = {
  performer(step, fallback) {
    const agent = agentFor(step, fallback);
    return { agent: agent.name, model: agent.model };
  },
  agents: agentsWithFallback,
  execute(step, context) {
    const agent = agentFor(step, context.fallback);
    const rendered = renderTemplate(step.task, context.scope);
    const task = typeof rendered === 'string' ? rendered : JSON.stringify(rendered, null, 2);
    const outputSchema = step.outputSchema ?? agent.outputSchema;
    return runAgentLoop({
      runId: context.runId,
      unit: context.unit,
      attempt: context.attempt,
      agent,
      model: agent.model,
      task,
      ...(outputSchema ? { outputSchema } : {}),
      journal: context.journal,
      inputsSeq: context.inputsSeq,
      ...(step.findings ? { findings: step.findings } : {}),
      ...(step.context ? { context: step.context } : {}),
      clock: context.clock,
      models: context.models,
      tools: context.tools,
      signal: context.signal,
      ...(context.onDelta ? { onDelta: context.onDelta } : {}),
    });
  },
};
