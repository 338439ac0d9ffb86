import { type StepId, unitKey } from './ids.ts';
import type { Json } from './json.ts';
import { reducePlan } from './reduce-plan.ts';
import type { RunEvent } from './run-event.ts';
import type { ApprovalState, RunState, StepState, UnitState } from './run-state.ts';

/** An empty state, before `run-start`. */
export function createRunState(): RunState {
  return {
    runId: null,
    playbook: null,
    inputs: {},
    models: [],
    dryRun: false,
    status: 'running',
    lastSeq: 0,
    steps: {},
    units: new Map(),
    findings: [],
    approvals: new Map(),
    budget: {},
    stepBudgets: {},
    activeMs: 0,
    plans: {},
    totals: { inputTokens: 0, outputTokens: 0, costUsd: 0, modelCalls: 0, busyMs: 0 },
  };
}

/** Folds every event of a log into a fresh state. */
export function foldRun(events: Iterable<RunEvent>): RunState {
  let state = createRunState();
  for (const event of events) state = reduceRun(state, event);
  return state;
}

/**
 * Folds one event into the run state and returns it. The state is updated in place so a
 * 10,000-unit run costs O(1) per event (see docs/decisions/0002-reducer-updates-in-place.md):
 * the caller owns the state and must not keep the previous value. Replaying the same events
 * always yields the same state; nothing here reads a clock or does I/O.
 */
export function reduceRun(state: RunState, event: RunEvent): RunState {
  if (event.seq !== state.lastSeq + 1) {
    throw new RangeError(`event ${event.seq} (${event.type}) does not follow ${state.lastSeq}`);
  }
  state.lastSeq = event.seq;
  switch (event.type) {
    case 'run-start': {
      state.runId = event.runId;
      // A copy of the step table: graph-extend adds to the state's, never to the recorded snapshot.
      state.playbook = { ...event.playbook, steps: { ...event.playbook.steps } };
      state.inputs = event.inputs;
      state.models = event.models;
      state.dryRun = event.dryRun;
      state.startedAt = event.at;
      state.activeSince = event.at;
      state.budget = { ...event.playbook.budget };
      for (const id of Object.keys(event.playbook.steps)) {
        state.steps[id] = { id: id as StepId, status: 'pending', continued: false, units: [], unitsSettled: 0 };
      }
      return state;
    }
    case 'run-resume': {
      if (state.status === 'paused') state.status = 'running';
      state.pause = undefined;
      // A paused run counts time again from here; after a crash, the log cannot tell when the
      // process died, so the stretch since the last start goes on counting.
      if (state.activeSince === undefined) state.activeSince = event.at;
      if (event.budget) state.budget = { ...state.budget, ...event.budget };
      for (const [step, budget] of Object.entries(event.stepBudgets ?? {})) {
        state.stepBudgets[step] = { ...state.stepBudgets[step], ...budget };
      }
      // Waits of the process that stopped ended with it.
      for (const unit of state.units.values()) unit.waiting = undefined;
      return state;
    }
    case 'run-pause': {
      state.status = 'paused';
      state.pause = { reason: event.reason, at: event.at };
      if (event.waitingFor) state.pause.waitingFor = event.waitingFor;
      if (event.limit) state.pause.limit = event.limit;
      if (state.activeSince !== undefined) state.activeMs += event.at - state.activeSince;
      state.activeSince = undefined;
      return state;
    }
    case 'approval-request': {
      const unit = unitOf(state, event);
      state.approvals.set(event.request.id, {
        ...event.request,
        step: event.step,
        ...(event.item === undefined ? {} : { item: event.item }),
        unit: unit.key,
        attempt: event.attempt,
        requestedAt: event.at,
        status: 'pending',
      });
      return state;
    }
    case 'approval-response': {
      const approval = state.approvals.get(event.id);
      if (!approval) throw new RangeError(`approval-response names unknown request ${event.id}`);
      approval.status = 'decided';
      approval.response = { decision: event.decision, by: event.by, at: event.at };
      if (event.comment !== undefined) approval.response.comment = event.comment;
      if (event.content !== undefined) approval.response.content = event.content;
      if (approval.kind === 'escalation') settleEscalation(state, state.units.get(approval.unit)!, event);
      return state;
    }
    case 'run-cancel':
      state.cancelReason = event.reason;
      return state;
    case 'run-end': {
      state.status = event.status;
      state.endedAt = event.at;
      if (event.output !== undefined) state.output = event.output;
      if (event.error) state.error = event.error;
      state.pause = undefined;
      for (const approval of state.approvals.values()) {
        if (approval.status === 'pending') approval.status = 'cancelled';
      }
      for (const unit of state.units.values()) {
        if (
          unit.status === 'running' ||
          unit.status === 'retry-wait' ||
          unit.status === 'pending' ||
          unit.status === 'waiting'
        ) {
          unit.status = 'cancelled';
          unit.endedAt = event.at;
        }
      }
      for (const step of Object.values(state.steps)) {
        if (step.status === 'running') step.status = 'failed';
      }
      return state;
    }
    case 'step-items': {
      const step = stepOf(state, event.step);
      step.items = event.items;
      step.status = 'running';
      for (let item = 0; item < event.items.length; item++) addUnit(state, step, item);
      if (event.items.length === 0) {
        step.status = 'succeeded';
        step.output = [];
      }
      return state;
    }
    case 'step-skip': {
      const step = stepOf(state, event.step);
      step.status = 'skipped';
      step.skipReason = event.reason;
      step.output = null;
      return state;
    }
    case 'step-start': {
      const step = stepOf(state, event.step);
      const key = unitKey(event);
      const unit = state.units.get(key) ?? addUnit(state, step, event.item);
      step.status = 'running';
      unit.status = 'running';
      unit.attempt = event.attempt;
      unit.agent = event.agent;
      unit.model = event.model;
      unit.startedAt ??= event.at;
      unit.turns = [];
      unit.contexts = {};
      unit.findingsSeen = 0;
      unit.retryAt = undefined;
      unit.waiting = undefined;
      return state;
    }
    case 'model-response': {
      const unit = unitOf(state, event);
      const turn = { text: event.text, toolCalls: event.toolCalls, finishReason: event.finishReason, toolResults: {} };
      unit.turns[event.turn] = event.object === undefined ? turn : { ...turn, object: event.object };
      unit.inputTokens += event.usage.inputTokens;
      unit.outputTokens += event.usage.outputTokens;
      unit.costUsd += event.costUsd ?? 0;
      unit.modelCalls += 1;
      state.totals.inputTokens += event.usage.inputTokens;
      state.totals.outputTokens += event.usage.outputTokens;
      state.totals.costUsd += event.costUsd ?? 0;
      state.totals.modelCalls += 1;
      return state;
    }
    case 'slot-wait': {
      const unit = unitOf(state, event);
      unit.waiting = {
        reason: event.reason,
        since: unit.waiting?.since ?? event.at,
        ...(event.expectedMs === undefined ? {} : { until: event.at + event.expectedMs }),
      };
      return state;
    }
    case 'slot-grant':
      unitOf(state, event).waiting = undefined;
      return state;
    case 'model-retry':
      return state;
    case 'tool-call':
      return state;
    case 'finding-share': {
      const unit = unitOf(state, event);
      state.findings.push({
        ...event.finding,
        step: event.step,
        unit: unit.key,
        agent: event.agent,
        callId: event.callId,
        at: event.at,
      });
      return state;
    }
    case 'context-add': {
      const unit = unitOf(state, event);
      const shown = unit.contexts[event.turn];
      if (shown) shown.push({ source: event.source, text: event.text });
      else unit.contexts[event.turn] = [{ source: event.source, text: event.text }];
      // Findings left out to fit the budget count as offered: read_findings still lists them.
      const offered = [...(event.findingIds ?? []), ...(event.trim?.droppedFindingIds ?? [])];
      unit.findingsSeen = Math.max(unit.findingsSeen, ...offered.map((id) => findingIndex(state, id) + 1));
      return state;
    }
    case 'tool-result': {
      const turn = unitOf(state, event).turns[event.turn];
      if (turn) turn.toolResults[event.callId] = { output: event.output, isError: event.isError };
      return state;
    }
    case 'graph-extend': {
      for (const step of event.steps) {
        if (state.steps[step.id]) throw new RangeError(`graph-extend adds step ${step.id}, which exists`);
        state.playbook!.steps[step.id] = step;
        state.steps[step.id] = { id: step.id, status: 'pending', continued: false, units: [], unitsSettled: 0 };
      }
      return state;
    }
    case 'plan-start':
    case 'plan-propose':
    case 'plan-accept':
    case 'plan-end':
      reducePlan(state, event);
      return state;
    case 'step-end': {
      const unit = unitOf(state, event);
      unit.status = 'succeeded';
      unit.output = event.output;
      unit.endedAt = event.at;
      unit.busyMs += event.durationMs;
      state.totals.busyMs += event.durationMs;
      settleUnit(state, unit);
      return state;
    }
    case 'step-error': {
      const unit = unitOf(state, event);
      unit.busyMs += event.durationMs;
      state.totals.busyMs += event.durationMs;
      unit.error = event.error;
      switch (event.decision) {
        case 'retry':
          unit.status = 'retry-wait';
          unit.retryAt = event.at + (event.retryInMs ?? 0);
          return state;
        case 'fallback':
          unit.status = 'retry-wait';
          unit.fallback = true;
          unit.fallbackAfter = event.attempt;
          unit.retryAt = event.at;
          return state;
        case 'continue':
          unit.status = 'failed';
          unit.output = null;
          unit.endedAt = event.at;
          settleUnit(state, unit, true);
          return state;
        case 'escalate':
          unit.status = 'waiting';
          return state;
        case 'fail':
          unit.status = 'failed';
          unit.endedAt = event.at;
          settleUnit(state, unit, false);
          return state;
      }
    }
  }
}

/** A person answered an escalated unit: the output by hand, another round of attempts, or skip it. */
function settleEscalation(
  state: RunState,
  unit: UnitState,
  event: { decision: string; at: number; content?: Json },
): void {
  if (event.decision === 'provide') {
    unit.status = 'succeeded';
    unit.output = event.content ?? null;
    unit.error = undefined;
    unit.endedAt = event.at;
    settleUnit(state, unit);
  } else if (event.decision === 'retry') {
    unit.status = 'retry-wait';
    unit.retryAt = event.at;
    unit.restartAfter = unit.attempt;
  } else {
    unit.status = 'failed';
    unit.output = null;
    unit.endedAt = event.at;
    settleUnit(state, unit, true);
  }
}

function findingIndex(state: RunState, id: string): number {
  return state.findings.findIndex((finding) => finding.id === id);
}

function stepOf(state: RunState, id: StepId): StepState {
  const step = state.steps[id];
  if (!step) throw new RangeError(`event names unknown step ${id}`);
  return step;
}

function unitOf(state: RunState, ref: { step: StepId; item?: number }): UnitState {
  const unit = state.units.get(unitKey(ref));
  if (!unit) throw new RangeError(`event names unit ${unitKey(ref)} before it started`);
  return unit;
}

function addUnit(state: RunState, step: StepState, item: number | undefined): UnitState {
  const key = unitKey({ step: step.id, item });
  const unit: UnitState = {
    key,
    step: step.id,
    status: 'pending',
    attempt: 0,
    fallback: false,
    fallbackAfter: 0,
    restartAfter: 0,
    turns: [],
    contexts: {},
    findingsSeen: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    modelCalls: 0,
    busyMs: 0,
  };
  if (item !== undefined) unit.item = item;
  state.units.set(key, unit);
  step.units.push(key);
  return unit;
}

/**
 * A unit ended (succeeded, or failed with the run going on or not); when it was the step's last,
 * the step ends too: failed when every unit failed, else succeeded with its output(s) in order.
 */
function settleUnit(state: RunState, unit: UnitState, runGoesOn = true): void {
  const step = stepOf(state, unit.step);
  step.unitsSettled += 1;
  if (unit.status === 'failed') {
    if (unit.error) step.error = unit.error;
    step.continued = runGoesOn;
    if (!runGoesOn) {
      step.status = 'failed';
      return;
    }
  }
  if (step.unitsSettled < (step.items ? step.items.length : 1)) return;
  const units = step.units.map((key) => state.units.get(key)!);
  step.output = step.items ? (units.map((each) => each.output ?? null) as Json[]) : (unit.output ?? null);
  step.status = units.every((each) => each.status === 'failed') ? 'failed' : 'succeeded';
}

/** The decisions a run waits for, in the order they were asked. */
export function pendingApprovals(state: RunState): ApprovalState[] {
  return [...state.approvals.values()].filter((approval) => approval.status === 'pending');
}

/** A step is settled when its dependents may start: done, skipped, or failed with on_error: continue. */
export function isStepSettled(step: StepState): boolean {
  return step.status === 'succeeded' || step.status === 'skipped' || (step.status === 'failed' && step.continued);
}
