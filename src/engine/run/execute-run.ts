import type {
  BudgetHit,
  Clock,
  CompiledStep,
  Json,
  ModelGateway,
  Random,
  RunCommands,
  RunState,
  StepFailure,
  StepId,
  ToolSource,
  UnitState,
} from '../../spec/index.ts';
import { isStepSettled, unitKey } from '../../spec/index.ts';
import { remainingPathOf } from '../dag/remaining-path.ts';
import { dependentsOf } from '../dag/upstream-of.ts';
import type { Governor } from '../governor/create-governor.ts';
import type { Limiter } from '../governor/create-limiter.ts';
import { createRunSlots } from '../governor/create-run-slots.ts';
import { governModels } from '../governor/govern-models.ts';
import { approvalId, createDecisions } from '../people/create-decisions.ts';
import { kindOf } from '../steps/step-kinds.ts';
import { evaluateCondition, renderTemplate, type TemplateScope } from '../template/index.ts';
import { branchSkipReason } from './branch-skip-reason.ts';
import { BudgetExceededError } from './budget-exceeded-error.ts';
import type { Journal } from './create-journal.ts';
import { decideAfterFailure } from './decide-after-failure.ts';
import { findBudgetHit, runActiveMs } from './find-budget-hit.ts';
import { AttemptTimeout, toFailure } from './to-failure.ts';

/** Everything a run needs from outside the engine. */
export interface ExecutionPorts {
  clock: Clock;
  random: Random;
  models: ModelGateway;
  tools: ToolSource;
  commands: RunCommands;
  limiter: Limiter;
  /** Where every model call takes its slot (process-wide: per provider key and model). */
  governor: Governor;
  /** Concurrency caps: across all runs of this process, and per model string. */
  limits: { global: number; models: Record<string, number> };
  /** How often the owner looks for commands from other processes (cancel), in ms. */
  commandPollMs: number;
}

/** How a run is executed. */
export interface ExecutionOptions {
  /**
   * When nothing is left but decisions of people: `pause` records `run-pause` and lets the process
   * go (whoever records the decision resumes the run); `wait` keeps executing until they come.
   */
  whenBlocked: 'pause' | 'wait';
}

/** A run being executed by this process. */
export interface Execution {
  cancel(reason: string): void;
  onDelta(listener: (unit: string, text: string) => void): () => void;
  /** Resolves with the state once `run-end` (or `run-pause`) is durable. */
  done: Promise<RunState>;
}

/** The reason given to an attempt's signal when it ends normally (stops its timeout timer). */
const attemptOver = new Error('attempt over');

type Ending =
  | { status: 'succeeded' }
  | { status: 'failed'; error: StepFailure }
  | { status: 'cancelled'; reason: string }
  | { status: 'paused'; reason: 'approval'; waitingFor: string[] }
  | { status: 'paused'; reason: 'budget'; limit: BudgetHit };

/** Gives nothing back: stands in for a slot's release when none is held. */
const noSlot = () => {};

/**
 * Drives a run from its current state to its end: starts every step whose needs are settled,
 * each unit in its own task (bounded by the limiter), applies the error policy, and ends the run.
 * Works the same for a new run and for one folded back from its log after a crash.
 */
export function executeRun(
  journal: Journal,
  ports: ExecutionPorts,
  options: ExecutionOptions = { whenBlocked: 'pause' },
): Execution {
  const state = journal.state;
  const playbook = state.playbook!;
  const runId = state.runId!;
  const dependents = dependentsOf(playbook);
  const priorities = remainingPathOf(playbook);
  const runController = new AbortController();
  // Unit controllers hang off the run through this set, not through listeners on the run's
  // signal: EventTarget makes each add/remove O(listeners), which is O(n²) for a big fan-out.
  const unitControllers = new Set<AbortController>();
  runController.signal.addEventListener(
    'abort',
    () => {
      for (const controller of unitControllers) controller.abort(runController.signal.reason);
    },
    { once: true },
  );
  const tasks = new Map<string, Promise<void>>();
  const deltaListeners = new Set<(unit: string, text: string) => void>();
  const waiting = new Set(Object.keys(playbook.steps).filter((id) => state.steps[id]?.status === 'pending'));
  let ending: Ending | null = null;
  let resolveDone!: (state: RunState) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<RunState>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const emitDelta = (unit: string, text: string) => {
    for (const listener of deltaListeners) listener(unit, text);
  };

  // What templates see of each step, kept current event by event (rebuilding it per unit is O(steps)).
  const stepsScope: TemplateScope['steps'] = {};
  const refreshScope = (id: string) => {
    const step = state.steps[id]!;
    stepsScope[id] = { output: step.output ?? null, status: step.status };
  };
  for (const id of Object.keys(state.steps)) refreshScope(id);
  const stopScope = journal.subscribe((event) => {
    if ('step' in event) refreshScope(event.step);
    else if (event.type === 'approval-response') refreshScope(state.approvals.get(event.id)!.step);
  });

  function scopeFor(): TemplateScope {
    return { inputs: state.inputs, steps: stepsScope };
  }

  const decisions = createDecisions(journal, () => queueMicrotask(checkBlocked));
  // Units waiting on steps they added to the graph (a plan step on its tasks).
  let idling = 0;

  const slots = createRunSlots({ shared: ports.limiter, limits: ports.limits, runConcurrency: playbook.concurrency });

  /** Starts whatever can start; ends the run when nothing is left. */
  function pump(candidates: Iterable<string> = waiting): void {
    if (ending) return;
    const queue = [...candidates];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (!waiting.has(id)) continue;
      const step = playbook.steps[id]!;
      if (!step.needs.every((need) => isStepSettled(state.steps[need]!))) continue;
      waiting.delete(id);
      const unchosen = step.branch && branchSkipReason(step.branch, state);
      if (unchosen) {
        journal.append({ type: 'step-skip', step: step.id, reason: unchosen });
        queue.push(...(dependents.get(id) ?? []));
        continue;
      }
      const scope = scopeFor();
      if (step.when !== undefined && !evaluateCondition(step.when, scope)) {
        journal.append({ type: 'step-skip', step: step.id, reason: `when: ${step.when} is false` });
        queue.push(...(dependents.get(id) ?? []));
        continue;
      }
      if (step.forEach) {
        const items = renderTemplate(step.forEach.items, scope);
        if (!Array.isArray(items)) {
          fail(step.id, {
            code: 'for-each-invalid',
            message: `for_each of step ${id} gave ${JSON.stringify(items)?.slice(0, 80)}, not a list`,
            retryable: false,
          });
          return;
        }
        journal.append({ type: 'step-items', step: step.id, items: items as Json[] });
        if (items.length === 0) {
          queue.push(...(dependents.get(id) ?? []));
          continue;
        }
      }
      launchStep(step);
    }
    checkEnd();
  }

  /** Launches the unit tasks of a step that are not done (all of them for a new step). */
  function launchStep(step: CompiledStep): void {
    // Everything this step reads (its needs' results, its fan-out list) is in the log up to here, and
    // its units wait for that to be durable. It is committed now, before they are set up: handing it
    // to the writer thread to commit meanwhile was slower, since waking a thread that has slept
    // through a model call took 1–7 ms here, against ~0.5 ms for the commit (docs/benchmarks.md).
    const inputsSeq = state.lastSeq;
    const units = step.forEach ? (state.steps[step.id]!.items ?? []).map((_, item) => item) : [undefined];
    if (units.length > 1) journal.durable(inputsSeq).catch(() => {});
    for (const item of units) {
      const key = unitKey({ step: step.id, item });
      const unit = state.units.get(key);
      if (tasks.has(key) || (unit && (unit.status === 'succeeded' || unit.status === 'failed'))) continue;
      const task = runUnit(step, item, inputsSeq).finally(() => {
        tasks.delete(key);
        const settled = state.steps[step.id]!;
        if (isStepSettled(settled)) pump(dependents.get(step.id) ?? []);
        else checkEnd();
      });
      tasks.set(key, task);
    }
  }

  async function runUnit(step: CompiledStep, item: number | undefined, inputsSeq: number): Promise<void> {
    const unitController = new AbortController();
    unitControllers.add(unitController);
    try {
      await runAttempts(step, item, inputsSeq, unitController.signal);
    } finally {
      unitControllers.delete(unitController);
    }
  }

  async function runAttempts(
    step: CompiledStep,
    item: number | undefined,
    inputsSeq: number,
    unitSignal: AbortSignal,
  ): Promise<void> {
    const key = unitKey({ step: step.id, item });
    const kind = kindOf(step);
    const where = { step: step.id as StepId, ...(item === undefined ? {} : { item }) };
    for (;;) {
      let unit: UnitState | undefined = state.units.get(key);
      if (unit?.status === 'waiting') {
        // Escalated: a person provides the output, asks for another round of attempts, or skips it.
        const escalated = unit;
        try {
          await decisions.ask(
            { ...where, attempt: escalated.attempt },
            {
              id: approvalId(key, escalated.attempt, 'escalation'),
              kind: 'escalation',
              message: `Step ${key} failed: ${escalated.error?.message ?? 'unknown error'}. Provide its output, retry it, or skip it.`,
              content: { error: (escalated.error ?? null) as Json },
              options: ['provide', 'retry', 'skip'],
            },
            unitSignal,
          );
        } catch {
          return;
        }
        if (escalated.status !== 'retry-wait') return;
        continue;
      }
      const resumeAttempt = unit?.status === 'running' ? unit.attempt : null;
      if (unit?.status === 'retry-wait' && unit.retryAt !== undefined) {
        const delay = unit.retryAt - ports.clock.now();
        if (delay > 0) await ports.clock.sleep(delay, unitSignal).catch(() => {});
      }
      if (ending) return;
      const fallback = unit?.fallback ?? false;
      const performer = kind.performer(step, fallback);
      // A performer without a model (a person) takes no slot.
      let release: () => void;
      try {
        release = performer.model === '' ? noSlot : await slots.acquire(step, performer.model, unitSignal);
      } catch {
        return;
      }
      try {
        if (ending) return;
        const attempt = resumeAttempt ?? (unit?.attempt ?? 0) + 1;
        if (resumeAttempt === null) journal.append({ type: 'step-start', ...where, attempt, ...performer });
        unit = state.units.get(key)!;
        const started = ports.clock.now();
        // A unit waiting for steps it added gives its slots to them (else a plan could starve its own
        // tasks); the wait is not its busy time.
        let idleMs = 0;
        const withoutSlot = async <T>(wait: Promise<T>): Promise<T> => {
          const from = ports.clock.now();
          const held = release !== noSlot;
          release();
          release = noSlot;
          try {
            return await wait;
          } finally {
            try {
              if (held) release = await slots.acquire(step, performer.model, unitSignal);
            } finally {
              idleMs += ports.clock.now() - from;
            }
          }
        };
        const idle = async <T>(wait: Promise<T>): Promise<T> => {
          // Waiting on steps it added: if those all wait for people, so does this unit.
          idling++;
          queueMicrotask(checkBlocked);
          try {
            return await withoutSlot(wait);
          } finally {
            idling--;
          }
        };
        // An attempt with a timeout gets a signal of its own; without one, the unit's signal serves
        // (no controller or listeners to set up and tear down per attempt).
        let signal = unitSignal;
        let timeout: { controller: AbortController; stop: () => void } | undefined;
        if (step.timeoutMs !== undefined) {
          const ms = step.timeoutMs;
          const controller = new AbortController();
          const stop = () => controller.abort(unitSignal.reason);
          unitSignal.addEventListener('abort', stop, { once: true });
          ports.clock.sleep(ms, controller.signal).then(
            () => controller.abort(new AttemptTimeout(ms)),
            () => {},
          );
          timeout = { controller, stop };
          signal = controller.signal;
        }
        try {
          const unitState = unit;
          const output = await kind.execute(step, {
            runId,
            unit,
            attempt,
            fallback,
            scope: {
              ...scopeFor(),
              ...(item === undefined ? {} : { item: state.steps[step.id]!.items![item], index: item }),
            },
            journal,
            inputsSeq,
            clock: ports.clock,
            models: governModels(ports.models, {
              governor: ports.governor,
              journal,
              clock: ports.clock,
              unit: { runId, where: { ...where, attempt }, priority: priorities.get(step.id) ?? 0 },
            }),
            tools: ports.tools,
            signal,
            onDelta: emitDelta,
            // Waiting for a person holds no slot (others run meanwhile) and is not busy time.
            ask: (request) => withoutSlot(decisions.ask({ ...where, attempt }, request, signal)),
            checkBudget() {
              const hit = findBudgetHit(state, step, unitState, ports.clock.now(), started);
              if (hit) throw new BudgetExceededError(hit);
            },
            extendGraph: (steps) => extendGraph(where, attempt, steps),
            idle,
          });
          if (ending) return;
          const durationMs = ports.clock.now() - started - idleMs;
          journal.append({ type: 'step-end', ...where, attempt, output, durationMs });
          return;
        } catch (error) {
          if (error instanceof BudgetExceededError) pause({ status: 'paused', reason: 'budget', limit: error.hit });
          if (ending) return;
          const failure = toFailure(error, signal);
          const { retryAfterMs: _, ...recorded } = failure;
          const outcome = decideAfterFailure(step, unit, attempt, failure, ports.random.next());
          const durationMs = ports.clock.now() - started - idleMs;
          journal.append({ type: 'step-error', ...where, attempt, error: recorded, durationMs, ...outcome });
          if (outcome.decision === 'retry' || outcome.decision === 'fallback' || outcome.decision === 'escalate') {
            continue;
          }
          if (outcome.decision === 'fail') fail(step.id, recorded, unit.key);
          return;
        } finally {
          if (timeout) {
            unitSignal.removeEventListener('abort', timeout.stop);
            timeout.controller.abort(attemptOver);
          }
        }
      } finally {
        release();
      }
    }
  }

  /** Records steps a running unit adds (a plan's tasks) and schedules them like the playbook's own. */
  function extendGraph(where: { step: StepId; item?: number }, attempt: number, steps: CompiledStep[]): void {
    journal.append({ type: 'graph-extend', ...where, attempt, steps });
    for (const step of steps) {
      refreshScope(step.id);
      for (const need of step.needs) dependents.set(need, [...(dependents.get(need) ?? []), step.id]);
      waiting.add(step.id);
    }
    pump(steps.map((step) => step.id));
  }

  function fail(step: string, failure: StepFailure, unit = step): void {
    if (ending) return;
    end({ status: 'failed', error: { ...failure, message: `step ${unit} failed: ${failure.message}` } });
  }

  /** When every task left waits for a person, pause (or, in `wait` mode, keep waiting). */
  function checkBlocked(): void {
    const blocked = decisions.blocked();
    if (ending || blocked === 0 || blocked + idling < tasks.size) return;
    // A decision may have been sent just now: take it before letting the run go.
    if (applyCommands() > 0 || options.whenBlocked === 'wait') return;
    pause({ status: 'paused', reason: 'approval', waitingFor: decisions.pending() });
  }

  function checkEnd(): void {
    if (ending) return;
    if (tasks.size > 0) {
      checkBlocked();
      return;
    }
    if (waiting.size > 0) {
      const stuck = [...waiting].join(', ');
      end({
        status: 'failed',
        error: { code: 'internal', message: `steps ${stuck} can never start`, retryable: false },
      });
      return;
    }
    const output =
      playbook.output === undefined ? defaultOutput() : (renderTemplate(playbook.output, scopeFor()) as Json);
    ending = { status: 'succeeded' };
    journal.append({ type: 'run-end', status: 'succeeded', output: output ?? null });
    finish();
  }

  /** Without `output:`, the result is the output of the last steps (those nothing depends on). */
  function defaultOutput(): Json {
    const sinks = Object.keys(playbook.steps).filter((id) => !dependents.has(id) && !playbook.steps[id]!.addedBy);
    if (sinks.length === 1) return state.steps[sinks[0]!]!.output ?? null;
    return Object.fromEntries(sinks.map((id) => [id, state.steps[id]!.output ?? null]));
  }

  function end(reason: Extract<Ending, { status: 'failed' | 'cancelled' }>): void {
    ending = reason;
    if (reason.status === 'cancelled') journal.append({ type: 'run-cancel', reason: reason.reason });
    runController.abort(new Error(reason.status === 'cancelled' ? reason.reason : 'run failed'));
    void Promise.allSettled([...tasks.values()]).then(() => {
      journal.append(
        reason.status === 'failed'
          ? { type: 'run-end', status: 'failed', error: reason.error }
          : { type: 'run-end', status: 'cancelled' },
      );
      finish();
    });
  }

  /** Stops work without ending the run: it resumes where it stopped once a person acts. */
  function pause(reason: Extract<Ending, { status: 'paused' }>): void {
    if (ending) return;
    ending = reason;
    runController.abort(new Error(`run paused (${reason.reason})`));
    void Promise.allSettled([...tasks.values()]).then(() => {
      journal.append(
        reason.reason === 'approval'
          ? { type: 'run-pause', reason: 'approval', waitingFor: reason.waitingFor }
          : { type: 'run-pause', reason: 'budget', limit: reason.limit },
      );
      finish();
    });
  }

  /** Applies commands from other processes; returns how many decisions were recorded. */
  function applyCommands(): number {
    let decided = 0;
    for (const command of ports.commands.take(runId)) {
      if (command.type === 'cancel') {
        if (!ending) end({ status: 'cancelled', reason: command.reason });
      } else if (!ending && decisions.apply(command)) {
        decided++;
      }
    }
    return decided;
  }

  function finish(): void {
    stopScope();
    runController.abort(new Error('run ended'));
    journal.durable().then(() => resolveDone(state), rejectDone);
  }

  async function pollCommands(): Promise<void> {
    while (!runController.signal.aborted) {
      await ports.clock.sleep(ports.commandPollMs, runController.signal).catch(() => {});
      if (runController.signal.aborted) return;
      applyCommands();
      const maxMs = state.budget.timeMs;
      if (maxMs !== undefined && !ending) {
        const used = runActiveMs(state, ports.clock.now());
        if (used >= maxMs)
          pause({ status: 'paused', reason: 'budget', limit: { scope: 'run', limit: 'timeMs', used, max: maxMs } });
      }
    }
  }

  const failedStep = Object.values(state.steps).find((step) => step.status === 'failed' && !step.continued);
  if (state.status !== 'running') {
    resolveDone(state);
  } else if (failedStep) {
    // The process died between a fatal step error and the run's end.
    fail(failedStep.id, failedStep.error ?? { code: 'internal', message: 'failed', retryable: false });
  } else {
    // Decisions sent while nobody ran the run are recorded before anything restarts.
    applyCommands();
    // Resume: steps already running (or fanned out) get their unfinished units back.
    for (const id of Object.keys(playbook.steps)) {
      if (state.steps[id]!.status === 'running') launchStep(playbook.steps[id]!);
    }
    pump();
    void pollCommands();
  }

  return {
    cancel(reason) {
      if (!ending) end({ status: 'cancelled', reason });
    },
    onDelta(listener) {
      deltaListeners.add(listener);
      return () => deltaListeners.delete(listener);
    },
    done,
  };
}
