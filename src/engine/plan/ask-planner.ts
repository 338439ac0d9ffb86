import type { Json, PlanAnswer, PlanState, PlanStep } from '../../spec/index.ts';
import { runAgentLoop } from '../agent/run-agent-loop.ts';
import { attemptWiring } from '../steps/run-step-agent.ts';
import { agentFor, type UnitContext } from '../steps/step-kind.ts';
import { planAnswerSchema } from './plan-answer-schema.ts';
import { plannerPrompt } from './planner-prompt.ts';

/**
 * Asks the planner (through the agent loop, so its turns are recorded and replayed) for a round's
 * answer, or its repair after `rejected`. An answer the model gateway finds off the schema (an agent
 * not on the team, say) comes back as a `problem` to repair, like any other invalid plan.
 */
export async function askPlanner(
  step: PlanStep,
  plan: PlanState,
  context: UnitContext,
  round: number,
  rejected: PlanAnswer | undefined,
  firstTurn: number,
): Promise<{ answer: Json; problem?: string }> {
  const planner = agentFor(step, context.fallback);
  const scripted = planner.simulate?.plans;
  const active = plan.tasks.filter((task) => task.status !== 'cancelled').length;
  try {
    const answer = await runAgentLoop({
      ...attemptWiring(context),
      agent: {
        ...planner,
        // The simulator plays back a scripted answer for this call, or makes up one that fits the plan so far.
        simulate: {
          ...planner.simulate,
          ...(scripted && scripted.length > 0
            ? { output: scripted[Math.min(plan.answers.length, scripted.length - 1)]! }
            : {}),
          planning: {
            round,
            taskIds: plan.tasks.map((task) => task.id),
            cancelledIds: plan.tasks.filter((task) => task.status === 'cancelled').map((task) => task.id),
            maxNewTasks: Math.max(0, step.maxTasks - active),
          },
        },
      },
      model: planner.model,
      task: plannerPrompt(context.journal.state, plan, round, rejected),
      outputSchema: planAnswerSchema(step.team.map((member) => member.name)),
      ...(step.findings ? { findings: step.findings } : {}),
      firstTurn,
    });
    return { answer };
  } catch (error) {
    const fault = (error as { fault?: { code?: unknown; message?: unknown } } | null)?.fault;
    if (context.signal.aborted || fault?.code !== 'output-invalid') throw error;
    return { answer: null, problem: String(fault.message) };
  }
}
