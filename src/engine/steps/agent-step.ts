import type { AgentStep } from '../../spec/index.ts';
import { renderTask, runStepAgent } from './run-step-agent.ts';
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
    return runStepAgent(step, context, renderTask(step.task, context.scope), step.outputSchema ?? agent.outputSchema);
  },
};
