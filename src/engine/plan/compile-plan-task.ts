import type { AgentStep, OnError, PlanState, PlanStep, PlanTaskState } from '../../spec/index.ts';
import { planTaskStepId } from '../../spec/index.ts';
import { quoteTemplateText } from '../template/index.ts';

/**
 * A plan's task as an agent step of the run (`campaign.t1`): its team member, its instructions with
 * the goal and the results of the tasks it depends on, which it needs; the plan step's retry, error
 * policy, timeout, budget and findings. The planner's words are quoted, never read as a template.
 */
export function compilePlanTask(step: PlanStep, plan: PlanState, task: PlanTaskState): AgentStep {
  const agent = step.team.find((member) => member.name === task.agent);
  if (!agent) throw new RangeError(`task ${task.id} names ${task.agent}, not on the team of ${step.id}`);
  const lines = [
    quoteTemplateText(task.instructions),
    '',
    `This task is part of a plan for: ${quoteTemplateText(plan.goal)}`,
  ];
  for (const dep of task.dependsOn) {
    const other = plan.tasks.find((each) => each.id === dep);
    lines.push(
      '',
      `Result of task ${dep}${other ? ` (${other.agent})` : ''}:`,
      `{{ steps['${planTaskStepId(plan.unit, dep)}'].output }}`,
    );
  }
  return {
    kind: 'agent',
    id: task.step,
    needs: task.dependsOn.map((dep) => planTaskStepId(plan.unit, dep)),
    retry: step.retry,
    onError: taskOnError(step.onError),
    ...(step.timeoutMs === undefined ? {} : { timeoutMs: step.timeoutMs }),
    ...(step.budget ? { budget: step.budget } : {}),
    agent,
    task: lines.join('\n'),
    ...(step.findings ? { findings: step.findings } : {}),
    addedBy: plan.unit,
  };
}

// A fallback agent stands in for the planner; a task keeps its team member (a fallback model still applies).
function taskOnError(onError: OnError): OnError {
  if (onError.action !== 'fallback') return onError;
  return onError.model ? { action: 'fallback', model: onError.model } : { action: 'fallback' };
}
