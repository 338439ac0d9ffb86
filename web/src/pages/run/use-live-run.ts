// A run as the engine sees it, live: every recorded event of the stream folded with the engine's own
// reducer (src/spec/reduce-run.ts), plus what the state does not keep: streamed text per unit and
// the history of waits, for the timeline.
import { useEffect, useRef, useState } from 'react';
import { unitKey } from '../../../../src/spec/ids.ts';
import { createRunState, reduceRun } from '../../../../src/spec/reduce-run.ts';
import type { RunEvent, RunEventType } from '../../../../src/spec/run-event.ts';
import type { RunState } from '../../../../src/spec/run-state.ts';
import { currentToken } from '../../api.ts';

/** A stretch of time a unit waited: for a model slot (the governor) or for a person. */
export interface UnitWait {
  kind: 'slot' | 'person';
  from: number;
  to?: number;
}

/** What the timeline and the figures need beyond the run state. */
export interface UnitExtras {
  waits: UnitWait[];
  /** Model calls made again after a fault (`model-retry`). */
  retries: number;
}

/** The live run: state (mutated in place by the reducer; `version` changes when it does). */
export interface LiveRun {
  state: RunState;
  version: number;
  /** Streamed text per unit key, for the current attempt. */
  deltas: Record<string, string>;
  extras: Record<string, UnitExtras>;
  connection: 'connecting' | 'live' | 'ended' | 'lost';
}

// Every recorded event type: EventSource delivers named events only to listeners of that name.
const eventTypes: Record<RunEventType, true> = {
  'run-start': true,
  'run-resume': true,
  'run-pause': true,
  'approval-request': true,
  'approval-response': true,
  'run-cancel': true,
  'run-end': true,
  'step-items': true,
  'step-skip': true,
  'step-start': true,
  'model-response': true,
  'slot-wait': true,
  'slot-grant': true,
  'model-retry': true,
  'tool-call': true,
  'finding-share': true,
  'context-add': true,
  'tool-result': true,
  'graph-extend': true,
  'plan-start': true,
  'plan-propose': true,
  'plan-accept': true,
  'plan-end': true,
  'step-error': true,
  'step-end': true,
};

/**
 * Follows `/api/runs/:id/events` from the start and folds each event once (deduplicated by seq:
 * EventSource reconnects with Last-Event-ID by itself). Re-renders at most every 60 ms.
 */
export function useLiveRun(runId: string): LiveRun {
  const live = useRef<LiveRun>(null);
  live.current ??= { state: createRunState(), version: 0, deltas: {}, extras: {}, connection: 'connecting' };
  const [, setVersion] = useState(0);

  useEffect(() => {
    const run: LiveRun = { state: createRunState(), version: 0, deltas: {}, extras: {}, connection: 'connecting' };
    live.current = run;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    let failures = 0;
    const changed = () => {
      run.version += 1;
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion(run.version);
      }, 60);
    };
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as RunEvent;
      if (event.seq <= run.state.lastSeq) return;
      if (event.seq !== run.state.lastSeq + 1) {
        // A gap cannot be folded: follow again from the last event folded.
        reopen();
        return;
      }
      failures = 0;
      run.state = reduceRun(run.state, event);
      noteExtras(run, event);
      if (event.type === 'run-end') {
        run.connection = 'ended';
        source?.close();
      }
      changed();
    };
    const onDelta = (message: MessageEvent<string>) => {
      const delta = JSON.parse(message.data) as { unit: string; text: string };
      run.deltas[delta.unit] = (run.deltas[delta.unit] ?? '') + delta.text;
      changed();
    };
    const open = () => {
      const next = new EventSource(
        `/api/runs/${encodeURIComponent(runId)}/events?after=${run.state.lastSeq}&token=${encodeURIComponent(currentToken())}`,
      );
      source = next;
      next.onopen = () => {
        run.connection = 'live';
        changed();
      };
      next.onerror = () => {
        if (run.connection === 'ended') return;
        // EventSource retries by itself (with Last-Event-ID) unless the server refused the stream.
        if (next.readyState !== EventSource.CLOSED) run.connection = 'connecting';
        else if (run.state.runId === null) run.connection = 'lost';
        else reopen();
        changed();
      };
      for (const type of Object.keys(eventTypes)) next.addEventListener(type, onEvent);
      next.addEventListener('delta', onDelta);
    };
    const reopen = () => {
      source?.close();
      failures += 1;
      run.connection = failures > 4 ? 'lost' : 'connecting';
      retry = setTimeout(open, Math.min(500 * 2 ** failures, 10_000));
    };
    open();
    return () => {
      source?.close();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }, [runId]);

  return live.current;
}

function extrasOf(run: LiveRun, unit: string): UnitExtras {
  run.extras[unit] ??= { waits: [], retries: 0 };
  return run.extras[unit];
}

/** Keeps the wait history and retry counts, and starts a unit's streamed text afresh per attempt. */
function noteExtras(run: LiveRun, event: RunEvent): void {
  switch (event.type) {
    case 'step-start':
      run.deltas[unitKey(event)] = '';
      return;
    case 'model-response': {
      const key = unitKey(event);
      if (run.deltas[key]) run.deltas[key] += '\n\n';
      return;
    }
    case 'slot-wait': {
      const waits = extrasOf(run, unitKey(event)).waits;
      const open = waits.at(-1);
      if (!open || open.to !== undefined || open.kind !== 'slot') waits.push({ kind: 'slot', from: event.at });
      return;
    }
    case 'slot-grant': {
      const open = extrasOf(run, unitKey(event)).waits.at(-1);
      if (open && open.to === undefined) open.to = event.at;
      return;
    }
    case 'model-retry':
      extrasOf(run, unitKey(event)).retries += 1;
      return;
    case 'approval-request':
      extrasOf(run, unitKey(event)).waits.push({ kind: 'person', from: event.at });
      return;
    case 'approval-response': {
      const approval = run.state.approvals.get(event.id);
      const open = approval ? extrasOf(run, approval.unit).waits.findLast((wait) => wait.kind === 'person') : undefined;
      if (open && open.to === undefined) open.to = event.at;
      return;
    }
    case 'run-end':
    case 'run-pause':
      for (const extras of Object.values(run.extras)) {
        for (const wait of extras.waits) if (wait.to === undefined && wait.kind === 'slot') wait.to = event.at;
      }
      if (event.type === 'run-end') {
        for (const extras of Object.values(run.extras)) for (const wait of extras.waits) wait.to ??= event.at;
      }
      return;
    default:
      return;
  }
}
