// How the run page words and colours what the run state says: one status per step and per unit,
// in plain words for people (a step waiting for a person is "Needs you", not an engine state).
import type { RunState, UnitState } from '../../../../src/spec/run-state.ts';

/** What the page shows for a step or unit (also its `data-status`). */
export type ViewStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** The words for each status. */
export const statusLabel: Record<ViewStatus, string> = {
  pending: 'Not started',
  running: 'Running',
  waiting: 'Needs you',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Stopped',
};

/** A unit's status: waiting when a person must decide something for it. */
export function unitViewStatus(state: RunState, unit: UnitState): ViewStatus {
  for (const approval of state.approvals.values()) {
    if (approval.unit === unit.key && approval.status === 'pending') return 'waiting';
  }
  switch (unit.status) {
    case 'retry-wait':
      return 'running';
    case 'waiting':
      return 'waiting';
    default:
      return unit.status;
  }
}

/** A step's status: the step's own, or waiting when one of its units waits for a person. */
export function stepViewStatus(state: RunState, stepId: string): ViewStatus {
  const step = state.steps[stepId];
  if (!step) return 'pending';
  const units = step.units.map((key) => state.units.get(key)).filter((unit) => unit !== undefined);
  if (units.some((unit) => unitViewStatus(state, unit) === 'waiting')) return 'waiting';
  if (step.status === 'pending' && state.status !== 'running' && state.status !== 'paused') return 'cancelled';
  if (step.status === 'running' && units.length > 0 && units.every((unit) => unit.status === 'cancelled')) {
    return 'cancelled';
  }
  return step.status;
}

/** Whether the run still changes. */
export function isLive(state: RunState): boolean {
  return state.runId !== null && (state.status === 'running' || state.status === 'paused');
}

/**
 * The steps a step comes after, for drawing: its needs, or for a plan's task that needs nothing,
 * the plan step that added it.
 */
export function stepInputs(state: RunState, stepId: string): string[] {
  const step = state.playbook?.steps[stepId];
  if (!step) return [];
  if (step.needs.length > 0 || !step.addedBy) return step.needs;
  const planStep = step.addedBy.replace(/\[\d+\]$/, '');
  return state.playbook?.steps[planStep] ? [planStep] : [];
}

/** A short name for what a step does, for people. */
export function stepKindLabel(state: RunState, stepId: string): string {
  const step = state.playbook?.steps[stepId];
  if (!step) return '';
  if (step.kind === 'approval') return 'Approval';
  const agent = 'agent' in step ? step.agent.name : '';
  const kind = { agent: '', route: 'Route · ', synthesize: 'Synthesize · ', plan: 'Plan · ' }[step.kind];
  return `${kind}${agent}`;
}
