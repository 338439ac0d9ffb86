import type { RunHandle } from '../engine/create-engine.ts';
import type { RunEvent, RunId, RunStore } from '../spec/index.ts';

/** What an event stream follows, and how. */
export interface EventStreamOptions {
  store: RunStore;
  runId: RunId;
  /** The handle of the run when this process executes it (looked up again while streaming: a run may be taken up later). */
  handle: () => RunHandle | undefined;
  /** Replay events with a greater seq (Last-Event-ID or `?after=`). */
  after: number;
  signal: AbortSignal;
  heartbeatMs: number;
  /** How often the store is read for events recorded by another process (and to fill gaps). */
  pollMs: number;
}

const finalStatuses = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * A run's events as Server-Sent Events: `id: <seq>`, `event: <type>`, `data: <json>`; streamed text
 * as `event: delta` without an id. Events go out strictly in seq order with none skipped: a live event
 * that arrives ahead of one not yet read waits until the store has it. Ends after `run-end`.
 */
export function streamRunEvents(options: EventStreamOptions): Response {
  const { store, runId } = options;
  const encoder = new TextEncoder();
  let lastSent = options.after;
  let closed = false;
  let attached: RunHandle | undefined;
  const waiting: RunEvent[] = [];
  const stops: Array<() => void> = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  function write(text: string): void {
    if (!closed) controller.enqueue(encoder.encode(text));
  }

  function send(event: RunEvent): void {
    if (closed || event.seq <= lastSent) return;
    lastSent = event.seq;
    write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    if (event.type === 'run-end') finish(true);
  }

  /** Sends what the store holds after the last event sent, then the live events that now follow on. */
  function catchUp(): void {
    for (const event of store.read(runId, lastSent)) {
      if (event.seq !== lastSent + 1) break;
      send(event);
    }
    waiting.sort((a, b) => a.seq - b.seq);
    while (waiting.length > 0 && waiting[0]!.seq <= lastSent + 1) send(waiting.shift()!);
    if (!closed && waiting.length === 0 && lastSent >= (store.get(runId)?.lastSeq ?? 0)) {
      const status = store.get(runId)?.status;
      if (status && finalStatuses.has(status) && !attached) finish(true);
    }
  }

  function onLive(event: RunEvent): void {
    if (event.seq === lastSent + 1 && waiting.length === 0) send(event);
    else if (event.seq > lastSent) {
      // An earlier event is not in the store yet (it commits on the writer thread): hold this one,
      // and look again as soon as a commit can have landed (a few ms), not at the next poll.
      waiting.push(event);
      catchUp();
      scheduleGapCheck();
    }
  }

  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleGapCheck(): void {
    // Behind: events held back, or events this process has appended that the store does not have yet.
    const behind = waiting.length > 0 || (attached !== undefined && attached.state.lastSeq > lastSent);
    if (gapTimer || closed || !behind) return;
    gapTimer = setTimeout(() => {
      gapTimer = undefined;
      catchUp();
      scheduleGapCheck();
    }, 2);
  }

  function attach(): void {
    const handle = options.handle();
    if (!handle || handle === attached) return;
    attached = handle;
    stops.push(
      handle.subscribe(onLive),
      handle.onDelta((unit, text) => write(`event: delta\ndata: ${JSON.stringify({ unit, text })}\n\n`)),
    );
    void handle.done.then(
      () => {
        if (attached === handle) attached = undefined;
      },
      () => {
        if (attached === handle) attached = undefined;
      },
    );
  }

  function finish(closeStream: boolean): void {
    if (closed) return;
    closed = true;
    for (const stop of stops.splice(0)) stop();
    clearInterval(poll);
    clearInterval(heartbeat);
    if (gapTimer) clearTimeout(gapTimer);
    options.signal.removeEventListener('abort', onAbort);
    if (closeStream) {
      try {
        controller.close();
      } catch {
        // the client already left
      }
    }
  }

  const onAbort = () => finish(false);
  const poll = setInterval(() => {
    attach();
    catchUp();
  }, options.pollMs);
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);

  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      options.signal.addEventListener('abort', onAbort);
      write(': connected\n\n');
      attach();
      catchUp();
      scheduleGapCheck();
    },
    cancel() {
      finish(false);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
