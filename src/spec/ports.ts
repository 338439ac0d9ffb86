import type { RunId } from './ids.ts';
import type { ApprovalAnswer, RunEvent } from './run-event.ts';
import type { RunStatus } from './run-state.ts';

/** Time, injected so the engine never reads the system clock and replays stay deterministic. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Random numbers (retry jitter), injected for the same reason. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
}

/** Fresh identifiers. */
export interface IdSource {
  runId(): RunId;
}

/** A run as listed, without its events. */
export interface RunSummary {
  id: RunId;
  playbook: string;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  lastSeq: number;
  /** Who is executing it now (a process), if anyone. */
  owner?: string;
}

/** The append-only log of every run. One writer per run at a time (see RunLeases). */
export interface RunStore {
  /**
   * Appends events (their seq must continue the run's log). Resolves once they are durable:
   * after a power cut they are still there. By default they are committed with the rest of this
   * turn's appends; `urgency: 'now'` means someone waits for them (commit at once). An append of
   * no events with an urgency applies it to everything appended so far.
   */
  append(runId: RunId, events: readonly RunEvent[], options?: { urgency?: Urgency }): Promise<void>;
  /** Events of a run with seq > afterSeq, in order. */
  read(runId: RunId, afterSeq?: number): RunEvent[];
  get(runId: RunId): RunSummary | undefined;
  list(filter?: { status?: RunStatus; limit?: number }): RunSummary[];
}

/** How soon appended events should be committed (see RunStore.append): `now`, someone waits for them. */
export type Urgency = 'now';

/** Who may write a run: exactly one live owner at a time. */
export interface RunLeases {
  /** Takes the run for `owner` if it has no live owner; true when taken. */
  acquire(runId: RunId, owner: string): boolean;
  release(runId: RunId, owner: string): void;
}

/** Requests from other processes to the run's owner (e.g. cancel). */
export interface RunCommands {
  send(runId: RunId, command: RunCommand): void;
  /** Takes (and removes) pending commands for a run. */
  take(runId: RunId): RunCommand[];
  /** True while commands for a run wait to be taken. */
  hasPending(runId: RunId): boolean;
}

/** A request to a run's owner: cancel it, or record a person's decision. */
export type RunCommand =
  | { type: 'cancel'; reason: string }
  /** The owner records it only if it answers a pending request with the digest of what was shown. */
  | ({ type: 'decide' } & ApprovalAnswer);
