import type { Json, PlanProblem, PlanState, PlanTask } from '../../spec/index.ts';

/** A valid planner answer, ready to become a round: new tasks, what to cancel (dependents included), done. */
export interface PlanProposal {
  tasks: PlanTask[];
  cancel: Array<{ id: string; reason: string }>;
  done: boolean;
}

/** What checking an answer gives: the problems (none when valid) and, when valid, the proposal. */
export type PlanCheck = { problems: []; proposal: PlanProposal } | { problems: PlanProblem[]; proposal?: undefined };

const taskId = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/**
 * Checks a planner answer against the plan so far and the team: its shape, ids (well-formed, not
 * used before), agents, dependencies, cycles, the task limit over all rounds, and cancellations
 * (only tasks not yet released). Cancelling a task also cancels the planned tasks that need it.
 */
export function checkPlanAnswer(plan: PlanState, limits: { maxTasks: number }, raw: Json, round: number): PlanCheck {
  const read = readAnswer(raw);
  if ('problems' in read) return { problems: read.problems };
  const { tasks, cancel, done } = read;
  const problems: PlanProblem[] = [];
  const team = plan.team.map((member) => member.name);
  const existing = new Map(plan.tasks.map((task) => [task.id, task]));
  const fresh = new Map<string, PlanTask>();

  for (const task of tasks) {
    if (!taskId.test(task.id)) {
      problems.push({
        code: 'invalid-id',
        task: task.id,
        message: `task id "${task.id}" must be 1 to 40 letters, digits, - or _ (starting with a letter or digit)`,
      });
    } else if (fresh.has(task.id)) {
      problems.push({ code: 'duplicate-id', task: task.id, message: `task id ${task.id} is used twice` });
    } else if (existing.has(task.id)) {
      const round = existing.get(task.id)!.round;
      problems.push({
        code: 'duplicate-id',
        task: task.id,
        message: `task id ${task.id} is already used by a task of round ${round}; give new tasks new ids`,
      });
    }
    if (!fresh.has(task.id)) fresh.set(task.id, task);
    if (!team.includes(task.agent)) {
      problems.push({
        code: 'unknown-agent',
        task: task.id,
        message: `task ${task.id} names agent "${task.agent}", who is not on the team (${team.join(', ')})`,
      });
    }
  }

  const cancelled = new Map<string, string>();
  for (const { id, reason } of cancel) {
    const task = existing.get(id);
    if (!task) {
      problems.push({
        code: 'unknown-task',
        task: id,
        message: fresh.has(id)
          ? `cancel names ${id}, a task of this answer: leave it out instead`
          : `cancel names ${id}, which is not a task of the plan`,
      });
    } else if (task.status !== 'planned') {
      const why = task.status === 'cancelled' ? 'is already cancelled' : 'has already been started';
      problems.push({
        code: 'not-cancellable',
        task: id,
        message: `task ${id} ${why}; only tasks not started can be cancelled`,
      });
    } else {
      cancelled.set(id, reason);
    }
  }
  // Planned tasks that need a cancelled one can never run: they are cancelled with it.
  for (let grew = true; grew; ) {
    grew = false;
    for (const task of plan.tasks) {
      if (task.status !== 'planned' || cancelled.has(task.id)) continue;
      const need = task.dependsOn.find((dep) => cancelled.has(dep));
      if (need !== undefined) {
        cancelled.set(task.id, `depends on cancelled task ${need}`);
        grew = true;
      }
    }
  }

  for (const task of tasks) {
    for (const dep of task.dependsOn) {
      const known = fresh.get(dep) ?? existing.get(dep);
      if (!known) {
        problems.push({
          code: 'unknown-dependency',
          task: task.id,
          message: `task ${task.id} depends on ${dep}, which is not a task of the plan`,
        });
      } else if (cancelled.has(dep) || existing.get(dep)?.status === 'cancelled') {
        problems.push({
          code: 'unknown-dependency',
          task: task.id,
          message: `task ${task.id} depends on ${dep}, which is cancelled`,
        });
      }
    }
  }
  const cycle = findCycle(tasks, fresh);
  if (cycle) {
    problems.push({
      code: 'cycle',
      task: cycle[0]!,
      message: `tasks ${cycle.join(' → ')} depend on each other in a circle`,
    });
  }

  const active = plan.tasks.filter((task) => task.status !== 'cancelled' && !cancelled.has(task.id)).length;
  if (active + tasks.length > limits.maxTasks) {
    problems.push({
      code: 'too-many-tasks',
      message:
        round === 1
          ? `the plan has ${tasks.length} tasks; at most ${limits.maxTasks} are allowed`
          : `the plan may hold at most ${limits.maxTasks} tasks over all rounds; it holds ${active} and this answer adds ${tasks.length}`,
    });
  }
  const stillPlanned = plan.tasks.some((task) => task.status === 'planned' && !cancelled.has(task.id));
  if (round === 1 && tasks.length === 0) {
    problems.push({ code: 'empty-plan', message: 'the plan has no tasks' });
  } else if (tasks.length === 0 && !stillPlanned && !done) {
    problems.push({ code: 'empty-plan', message: 'nothing is left to run: add tasks, or set done to true' });
  }

  if (problems.length > 0) return { problems };
  return { problems: [], proposal: { tasks, cancel: [...cancelled].map(([id, reason]) => ({ id, reason })), done } };
}

/** The answer's shape: an object with tasks, cancel and done (a JSON string is read as JSON). */
function readAnswer(raw: Json): PlanProposal | { problems: PlanProblem[] } {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as Json;
    } catch {
      return malformed('the answer is not JSON: answer with an object { tasks, cancel, done }');
    }
  }
  if (!isObject(value)) return malformed('the answer is not an object { tasks, cancel, done }');
  const tasks: PlanTask[] = [];
  const problems: PlanProblem[] = [];
  const rawTasks = value.tasks ?? [];
  if (!Array.isArray(rawTasks)) return malformed('"tasks" is not a list');
  rawTasks.forEach((item, index) => {
    const deps = isObject(item) ? (item.dependsOn ?? []) : [];
    if (
      !isObject(item) ||
      typeof item.id !== 'string' ||
      typeof item.agent !== 'string' ||
      typeof item.instructions !== 'string' ||
      !item.instructions.trim() ||
      !Array.isArray(deps) ||
      !deps.every((dep) => typeof dep === 'string')
    ) {
      const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
      problems.push({
        code: 'malformed',
        ...(id === undefined ? {} : { task: id }),
        message: `task ${id ?? `#${index + 1}`} needs a string id, agent and (non-empty) instructions, and dependsOn as a list of task ids`,
      });
      return;
    }
    tasks.push({ id: item.id, agent: item.agent, instructions: item.instructions.trim(), dependsOn: deps as string[] });
  });
  const rawCancel = value.cancel ?? [];
  const cancel: PlanProposal['cancel'] = [];
  if (!Array.isArray(rawCancel)) return malformed('"cancel" is not a list');
  for (const item of rawCancel) {
    const id = typeof item === 'string' ? item : isObject(item) ? item.id : undefined;
    const reason = isObject(item) && typeof item.reason === 'string' && item.reason.trim() ? item.reason.trim() : '';
    if (typeof id !== 'string') {
      problems.push({ code: 'malformed', message: 'each entry of "cancel" needs a task id and a reason' });
      continue;
    }
    cancel.push({ id, reason: reason || 'cancelled by the planner' });
  }
  if (value.done !== undefined && typeof value.done !== 'boolean')
    problems.push(...malformed('"done" is not true or false').problems);
  if (problems.length > 0) return { problems };
  return { tasks, cancel, done: value.done === true };
}

/** One circle of dependencies among the answer's tasks (first task repeated at the end), if any. */
function findCycle(tasks: PlanTask[], byId: Map<string, PlanTask>): string[] | undefined {
  const state = new Map<string, 'open' | 'closed'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'closed') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'closed');
    return undefined;
  };
  for (const task of tasks) {
    const found = visit(task.id);
    if (found) return found;
  }
  return undefined;
}

function malformed(message: string): { problems: PlanProblem[] } {
  return { problems: [{ code: 'malformed', message }] };
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
