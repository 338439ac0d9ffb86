import type { Json, PlanEndReason, PlanState, PlanStep, PlanTaskState, StepId } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import { approveFirstPlan } from '../plan/approve-first-plan.ts';
import { askPlanner } from '../plan/ask-planner.ts';
import { checkPlanAnswer, type PlanProposal } from '../plan/check-plan-answer.ts';
import { compilePlanTask } from '../plan/compile-plan-task.ts';
import { describePlan } from '../plan/describe-plan.ts';
import { isStepOver, waitForSteps } from '../plan/wait-for-steps.ts';
import { renderTask } from './run-step-agent.ts';
import { agentFor, agentsWithFallback, type StepKindHandler, type UnitContext } from './step-kind.ts';

/**
 * `plan:` steps: a planner turns a goal into tasks for a team; each wave of tasks (those whose
 * dependencies are done) becomes steps of the run; after a wave the planner sees the results and
 * may add tasks, cancel tasks not started, or say it is done. Everything it decides is an event,
 * so a resumed plan step reads its recorded answers instead of asking again.
 */
export const planStep: StepKindHandler<PlanStep> = {
  performer(step, fallback) {
    const agent = agentFor(step, fallback);
    return { agent: agent.name, model: agent.model };
  },
  agents: (step) => [...agentsWithFallback(step), ...step.team],
  execute: executePlan,
};

async function executePlan(step: PlanStep, context: UnitContext): Promise<Json> {
  const { journal, unit } = context;
  const state = journal.state;
  if (!state.plans[unit.key]) {
    journal.append({
      type: 'plan-start',
      ...whereOf(step, context),
      goal: renderTask(step.goal, context.scope),
      team: step.team.map((member) => ({ name: member.name, role: member.role })),
      limits: { maxTasks: step.maxTasks, maxRounds: step.maxRounds, maxRepairs: step.maxRepairs },
    });
  }
  const plan = state.plans[unit.key]!;

  // Each pass reads where the plan stands in the state, so a resumed attempt picks up wherever the log ends.
  for (;;) {
    context.signal.throwIfAborted();
    if (plan.rounds.length === 0) {
      await acceptRound(step, plan, context, 1);
      continue;
    }
    // Released in the log but not yet steps: the process stopped between plan-accept and graph-extend.
    const missing = plan.tasks.filter((task) => task.status === 'released' && !state.steps[task.step]);
    if (missing.length > 0) context.extendGraph(missing.map((task) => compilePlanTask(step, plan, task)));
    const open = plan.tasks.filter((task) => task.status === 'released' && !isStepOver(state, task.step));
    if (open.length > 0) {
      await context.idle(
        waitForSteps(
          journal,
          open.map((task) => task.step),
          context.signal,
        ),
      );
      continue;
    }
    const active = plan.tasks.filter((task) => task.status !== 'cancelled').length;
    const reason = stopReason(plan.rounds.at(-1)!.done, plan.rounds.length, active, plan.limits);
    if (reason) {
      if (plan.endReason === undefined) {
        journal.append({
          type: 'plan-end',
          ...whereOf(step, context),
          reason,
          rounds: plan.rounds.length,
          tasks: active,
        });
      }
      return describePlan(state, plan);
    }
    await acceptRound(step, plan, context, plan.rounds.length + 1);
  }
}

/**
 * Gets a valid answer for a round and makes it a round of the plan: records it (`plan-accept`)
 * with the tasks that run now, and adds those to the run as steps.
 */
async function acceptRound(step: PlanStep, plan: PlanState, context: UnitContext, round: number): Promise<void> {
  let proposal = await proposeValid(step, plan, context, round);
  if (round === 1) proposal = await approveFirstPlan(step, plan, proposal, context);
  const cancelled = new Set(proposal.cancel.map((each) => each.id));
  const planned = [
    ...plan.tasks.filter((task) => task.status === 'planned' && !cancelled.has(task.id)),
    ...proposal.tasks,
  ];
  const released = new Set(plan.tasks.filter((task) => task.status === 'released').map((task) => task.id));
  const stopping = stopReason(proposal.done, round, released.size + planned.length, plan.limits) !== null;
  // With revisions to come, only the wave runs: the tasks whose dependencies have all run. Without, all of it.
  const release = planned
    .filter((task) => stopping || task.dependsOn.every((dep) => released.has(dep)))
    .map((task) => task.id);
  context.journal.append({
    type: 'plan-accept',
    ...whereOf(step, context),
    round,
    tasks: proposal.tasks,
    cancel: proposal.cancel,
    done: proposal.done,
    release,
  });
  const tasks = release.map((id) => plan.tasks.find((task) => task.id === id)!);
  if (tasks.length > 0) context.extendGraph(tasks.map((task: PlanTaskState) => compilePlanTask(step, plan, task)));
}

/**
 * A valid answer for a round: a recorded one when the log has it, else the planner's, asked again
 * with the problems of its last answer up to `maxRepairs` times (per attempt); then `plan-invalid`.
 */
async function proposeValid(
  step: PlanStep,
  plan: PlanState,
  context: UnitContext,
  round: number,
): Promise<PlanProposal> {
  const { journal, unit } = context;
  const limits = { maxTasks: step.maxTasks };
  for (;;) {
    const answers = plan.answers.filter((answer) => answer.round === round);
    const last = answers.at(-1);
    if (last) {
      // The log's answer stands: a valid one is accepted without asking again (the plan has not changed since).
      const checked = last.problems.length === 0 ? checkPlanAnswer(plan, limits, last.answer, round) : undefined;
      if (checked?.proposal) return checked.proposal;
      const tries = answers.filter((answer) => answer.attempt === context.attempt).length;
      if (tries > step.maxRepairs) {
        const problems = last.problems.map((problem) => problem.message).join('; ');
        throw new StepFailedError({
          code: 'plan-invalid',
          message: `the planner's plan for round ${round} is still invalid after ${tries - 1} repair${tries === 2 ? '' : 's'}: ${problems}`,
          retryable: false,
        });
      }
    }
    // A planner call's turns follow the previous call's in the same attempt, so replay lines up by turn.
    const firstTurn = plan.answers.findLast((answer) => answer.attempt === context.attempt)?.nextTurn ?? 0;
    const asked = await askPlanner(step, plan, context, round, last, firstTurn);
    const answer = asked.answer;
    const checked = asked.problem
      ? { problems: [{ code: 'malformed' as const, message: asked.problem }] }
      : checkPlanAnswer(plan, limits, answer, round);
    journal.append({
      type: 'plan-propose',
      ...whereOf(step, context),
      round,
      repair: answers.length,
      answer,
      problems: checked.problems,
      firstTurn,
      nextTurn: unit.turns.length,
    });
  }
}

/** Why a plan takes no more revisions, if it does not: the planner said done, or rounds or tasks are used up. */
function stopReason(
  done: boolean,
  rounds: number,
  activeTasks: number,
  limits: PlanState['limits'],
): PlanEndReason | null {
  if (done) return 'done';
  if (rounds >= limits.maxRounds) return 'max-rounds';
  if (activeTasks >= limits.maxTasks) return 'max-tasks';
  return null;
}

/** Where a plan event happened: the plan step's unit and attempt. */
function whereOf(step: PlanStep, context: UnitContext) {
  const { item } = context.unit;
  return { step: step.id as StepId, attempt: context.attempt, ...(item === undefined ? {} : { item }) };
}
