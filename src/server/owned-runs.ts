import type { RunHandle } from '../engine/create-engine.ts';
import type { RunId } from '../spec/index.ts';

/** The runs this server process executes, so an event stream can follow them live. */
export interface OwnedRuns {
  add(handle: RunHandle): RunHandle;
  get(runId: RunId): RunHandle | undefined;
  /** Resolves when every owned run has ended or paused. */
  settled(): Promise<void>;
}

export function createOwnedRuns(log: (line: string) => void): OwnedRuns {
  const handles = new Map<RunId, RunHandle>();
  const all = new Set<RunHandle>();
  return {
    add(handle) {
      handles.set(handle.runId, handle);
      all.add(handle);
      handle.done.then(
        () => {
          all.delete(handle);
          if (handles.get(handle.runId) === handle) handles.delete(handle.runId);
        },
        (error: unknown) => {
          log(`run ${handle.runId} stopped with an internal error: ${(error as Error)?.stack ?? String(error)}`);
          all.delete(handle);
          if (handles.get(handle.runId) === handle) handles.delete(handle.runId);
        },
      );
      return handle;
    },
    get: (runId) => handles.get(runId),
    async settled() {
      await Promise.allSettled([...all].map((handle) => handle.done));
    },
  };
}
