import type { StepId } from './ids.ts';
import type { Json } from './json.ts';

/** One task of a plan as a planner gives it: who does what, after which other tasks. */
export interface PlanTask {
  /** Short and unique within the plan (`t1`, `research-audience`); the task's step is `<plan unit>.<id>`. */
  id: string;
  /** The team member who does it. */
  agent: string;
  instructions: string;
  /** Ids of the tasks whose results it needs. */
  dependsOn: string[];
}

/** Why a planner answer was not accepted: a closed code and a message the planner is shown. */
export interface PlanProblem {
  code:
    | 'malformed'
    | 'empty-plan'
    | 'invalid-id'
    | 'duplicate-id'
    | 'unknown-agent'
    | 'unknown-dependency'
    | 'cycle'
    | 'too-many-tasks'
    | 'unknown-task'
    | 'not-cancellable';
  message: string;
  /** The task it is about, when there is one. */
  task?: string;
}

/** Why a plan stopped being revised: the planner said so, or a limit was reached. */
export type PlanEndReason = 'done' | 'max-rounds' | 'max-tasks';

/** A task of a run's plan, with where it stands in the plan (a released task's progress is its step's). */
export interface PlanTaskState extends PlanTask {
  /** The round that added it. */
  round: number;
  /** The step that runs it once released, e.g. `campaign.t1`. */
  step: StepId;
  /** planned: waits for a later wave; released: a step of the run; cancelled: will never run. */
  status: 'planned' | 'released' | 'cancelled';
  cancelReason?: string;
}

/** One planner answer as recorded: what it said, what was wrong with it, which model turns it used. */
export interface PlanAnswer {
  round: number;
  /** 0 for the first answer of a round, then 1, 2 … for each repair. */
  repair: number;
  attempt: number;
  /** The answer exactly as the planner gave it. */
  answer: Json;
  problems: PlanProblem[];
  /** The planner's model turns for this answer within its attempt: [firstTurn, nextTurn). */
  firstTurn: number;
  nextTurn: number;
}

/** An accepted round: what it added, cancelled and released to run. */
export interface PlanRound {
  round: number;
  added: string[];
  cancelled: string[];
  /** Tasks that became steps of the run with this round (its wave). */
  released: string[];
  /** The planner said no further revision is needed. */
  done: boolean;
}

/** A plan step's plan, kept in the run state: goal, team, rounds, tasks, every planner answer. */
export interface PlanState {
  /** The plan step's unit key. */
  unit: string;
  step: StepId;
  item?: number;
  goal: string;
  team: Array<{ name: string; role: string }>;
  limits: { maxTasks: number; maxRounds: number; maxRepairs: number };
  rounds: PlanRound[];
  /** Every task in the order it was added. */
  tasks: PlanTaskState[];
  answers: PlanAnswer[];
  /** Set once the plan's last tasks have settled. */
  endReason?: PlanEndReason;
}

/** The step id of a plan's task: the plan step's unit key and the task id, e.g. `campaign.t1`. */
export function planTaskStepId(planUnit: string, task: string): StepId {
  return `${planUnit}.${task}` as StepId;
}
