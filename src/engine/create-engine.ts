import type {
  Budget,
  CompiledPlaybook,
  IdSource,
  Json,
  ModelInfo,
  RunId,
  RunLeases,
  RunState,
  RunStore,
} from '../spec/index.ts';
import { BrigadeError, createRunState, foldRun } from '../spec/index.ts';
import { createJournal, type EventListener } from './run/create-journal.ts';
import { type ExecutionOptions, type ExecutionPorts, executeRun } from './run/execute-run.ts';

/** The ports the engine is built from (see src/runtime for the wiring). */
export interface EnginePorts extends ExecutionPorts {
  store: RunStore;
  leases: RunLeases;
  ids: IdSource;
  /** This process, as recorded on the runs it owns. */
  owner: string;
}

/** A run this process executes: watch it, cancel it, await its end. */
export interface RunHandle {
  runId: RunId;
  /** Live state; read it, never change it. */
  state: RunState;
  subscribe(listener: EventListener): () => void;
  onDelta(listener: (unit: string, text: string) => void): () => void;
  cancel(reason: string): void;
  /** Resolves once every event appended so far is durable (what a client was shown is on disk). */
  durable(): Promise<void>;
  done: Promise<RunState>;
}

/** What starting a run needs: a compiled playbook and validated inputs. */
export interface StartRunOptions {
  playbook: CompiledPlaybook;
  inputs: Record<string, Json>;
  models: ModelInfo[];
  dryRun: boolean;
  /** What happens when only people's decisions are left (default: pause). */
  whenBlocked?: ExecutionOptions['whenBlocked'];
}

/** How a run is taken up again: raised limits, and what to do when only decisions are left. */
export interface ResumeRunOptions {
  /** Raised run limits (each field replaces the current one). */
  budget?: Budget;
  /** Raised limits per step. */
  stepBudgets?: Record<string, Budget>;
  whenBlocked?: ExecutionOptions['whenBlocked'];
}

/** The engine: starts and resumes runs. Pure orchestration over the ports it is given. */
export interface Engine {
  /** Starts a run; resolves once `run-start` is durable (the run survives a crash from then on). */
  startRun(options: StartRunOptions): Promise<RunHandle>;
  /** Takes over a run whose owner is gone (or that is paused) and drives it to its end or next pause. */
  resumeRun(runId: RunId, reason: string, options?: ResumeRunOptions): Promise<RunHandle>;
  /**
   * Cancels a run: asks its owner when another process runs it (`requested`), or records the
   * cancellation itself when nobody does (`cancelled`).
   */
  cancelRun(runId: RunId, reason: string): Promise<'requested' | 'cancelled'>;
}

/**
 * Creates the engine.
 * @example
 * const engine = createEngine(ports);
 * const run = await engine.startRun({ playbook, inputs, models, dryRun: false });
 * const final = await run.done;
 */
export function createEngine(ports: EnginePorts): Engine {
  function handleFor(runId: RunId, state: RunState, start: (journal: ReturnType<typeof createJournal>) => void) {
    const journal = createJournal(runId, state, ports);
    const listeners = new Set<EventListener>();
    journal.subscribe((event, current) => {
      for (const listener of listeners) listener(event, current);
    });
    start(journal);
    return { journal, listeners };
  }

  return {
    async startRun({ whenBlocked, ...options }) {
      const runId = ports.ids.runId();
      if (!ports.leases.acquire(runId, ports.owner)) {
        throw new BrigadeError('RUN_BUSY', `run ${runId} is already owned by another process`);
      }
      const { journal, listeners } = handleFor(runId, createRunState(), (j) =>
        j.append({ type: 'run-start', runId, ...options }),
      );
      await journal.durable();
      return launch(runId, journal, listeners, whenBlocked);
    },

    async resumeRun(runId, reason, options = {}) {
      const summary = ports.store.get(runId);
      if (!summary)
        throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
      if (!ports.leases.acquire(runId, ports.owner)) {
        const [host, pid] = (summary.owner ?? '').split('/');
        const who = pid ? `process ${pid} on ${host}` : 'another process';
        throw new BrigadeError('RUN_BUSY', `run ${runId} is being executed by ${who}`, {
          hint: 'wait for it, or cancel it with `brigade cancel`',
        });
      }
      const state = foldRun(ports.store.read(runId));
      const { journal, listeners } = handleFor(runId, state, (j) => {
        if (state.status === 'running' || state.status === 'paused') {
          j.append({
            type: 'run-resume',
            reason,
            owner: ports.owner,
            ...(options.budget ? { budget: options.budget } : {}),
            ...(options.stepBudgets ? { stepBudgets: options.stepBudgets } : {}),
          });
        }
      });
      // Like a start, a resume is on disk before anyone is told: `brigade runs` and the API see it running.
      await journal.durable();
      return launch(runId, journal, listeners, options.whenBlocked);
    },

    async cancelRun(runId, reason) {
      const summary = ports.store.get(runId);
      if (!summary)
        throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
      if (summary.status !== 'running' && summary.status !== 'paused') {
        throw new BrigadeError('RUN_FINISHED', `run ${runId} already ended (${summary.status})`);
      }
      if (!ports.leases.acquire(runId, ports.owner)) {
        ports.commands.send(runId, { type: 'cancel', reason });
        return 'requested';
      }
      try {
        const journal = createJournal(runId, foldRun(ports.store.read(runId)), ports);
        journal.append({ type: 'run-cancel', reason });
        journal.append({ type: 'run-end', status: 'cancelled' });
        await journal.durable();
        return 'cancelled';
      } finally {
        ports.leases.release(runId, ports.owner);
      }
    },
  };

  function launch(
    runId: RunId,
    journal: ReturnType<typeof createJournal>,
    listeners: Set<EventListener>,
    whenBlocked: ExecutionOptions['whenBlocked'] = 'pause',
  ): RunHandle {
    const execution = executeRun(journal, ports, { whenBlocked });
    const done = execution.done.finally(() => ports.leases.release(runId, ports.owner));
    return {
      runId,
      state: journal.state,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onDelta: execution.onDelta,
      cancel: execution.cancel,
      durable: () => journal.durable(),
      done,
    };
  }
}
