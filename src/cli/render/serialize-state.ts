import type { Json, RunState } from '../../spec/index.ts';

/** Run state as plain JSON (units as an array in log order), for `--json` output and the API. */
export function serializeState(state: RunState): Json {
  const { units, ...rest } = state;
  return JSON.parse(JSON.stringify({ ...rest, units: [...units.values()] })) as Json;
}
