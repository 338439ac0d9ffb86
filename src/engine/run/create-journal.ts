import type { Clock, RunEvent, RunEventBody, RunId, RunState, RunStore, Urgency } from '../../spec/index.ts';
import { reduceRun } from '../../spec/index.ts';

/** Receives every event the moment it is appended (before it is durable), with the state after it. */
export type EventListener = (event: RunEvent, state: RunState) => void;

/** A run's log as its single writer sees it: appends fold into state at once and reach the store in batches. */
export interface Journal {
  readonly state: RunState;
  /** Appends one event: stamps seq and time, folds it into the state, tells listeners, queues it for the store. */
  append(body: RunEventBody): RunEvent;
  /**
   * Resolves when the log is durable up to event `upToSeq` (default: everything appended so far).
   * A unit waits only for its inputs; a tool call waits for everything, its own call included.
   */
  durable(upToSeq?: number): Promise<void>;
  subscribe(listener: EventListener): () => void;
}

/**
 * Creates the journal of a run whose state has already been folded from `state`'s events.
 * Appends made in the same job are committed together (group commit): one durable write covers
 * all units that start at once, and nothing is acted on before the events it depends on are durable.
 */
export function createJournal(runId: RunId, state: RunState, ports: { store: RunStore; clock: Clock }): Journal {
  const listeners = new Set<EventListener>();
  let pending: RunEvent[] = [];
  let scheduled = false;
  let failure: unknown = null;
  // Everything up to durableSeq is on disk. Writes in flight, in log order, from `head` on: the store
  // commits in order, so they complete from the front (O(1) each, even with thousands in flight).
  let durableSeq = state.lastSeq;
  let writes: Array<{ lastSeq: number; done: Promise<void> }> = [];
  let head = 0;

  /** Hands queued events to the store; the store keeps order, so writes need not wait for each other. */
  function handOver(urgency?: Urgency): void {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const lastSeq = batch.at(-1)!.seq;
    const done = ports.store.append(runId, batch, urgency ? { urgency } : {}).then(
      () => {
        durableSeq = Math.max(durableSeq, lastSeq);
        while (head < writes.length && writes[head]!.lastSeq <= durableSeq) head++;
        if (head > 256 && head * 2 > writes.length) {
          writes = writes.slice(head);
          head = 0;
        }
      },
      (error: unknown) => {
        failure ??= error;
        throw error;
      },
    );
    done.catch(() => {});
    const entry = { lastSeq, done };
    writes.push(entry);
  }

  /** The first write in flight whose batch reaches upToSeq (binary search: lastSeq only grows). */
  function firstCovering(upToSeq: number): { done: Promise<void> } | undefined {
    let low = head;
    let high = writes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (writes[middle]!.lastSeq >= upToSeq) high = middle;
      else low = middle + 1;
    }
    return writes[low];
  }

  return {
    state,
    append(body) {
      if (failure) throw failure;
      const event = { ...body, seq: state.lastSeq + 1, at: ports.clock.now() } as RunEvent;
      reduceRun(state, event);
      pending.push(event);
      for (const listener of listeners) listener(event, state);
      if (!scheduled) {
        scheduled = true;
        void Promise.resolve().then(() => handOver());
      }
      return event;
    },
    async durable(upToSeq = state.lastSeq) {
      if (failure) throw failure;
      if (upToSeq <= durableSeq) return;
      // Someone waits: the store commits now instead of at the end of the turn, whether the events
      // are still here or already handed over.
      if (pending.length > 0 && pending[0]!.seq <= upToSeq) handOver('now');
      else void ports.store.append(runId, [], { urgency: 'now' });
      // The store commits in order: the first write that covers upToSeq covers everything before it.
      const covering = firstCovering(upToSeq);
      if (covering) await covering.done;
      if (failure) throw failure;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
