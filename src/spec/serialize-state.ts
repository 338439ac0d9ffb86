import type { Json } from './json.ts';
import type { RunState } from './run-state.ts';

/** Run state as plain JSON (units and approvals as arrays in log order), for `--json` output and the API. */
export function serializeState(state: RunState): Json {
  const { units, approvals, ...rest } = state;
  return JSON.parse(
    JSON.stringify({ ...rest, units: [...units.values()], approvals: [...approvals.values()] }),
  ) as Json;
}
