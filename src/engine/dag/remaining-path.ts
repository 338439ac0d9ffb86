import type { CompiledPlaybook } from '../../spec/index.ts';
import { dependentsOf } from './upstream-of.ts';

/**
 * How urgent each step is for the run's end: the length (in steps, itself included) of the longest
 * path from it to a step nothing depends on, then how many steps depend on it at all. A step on the
 * critical path gets the highest number; the governor serves its model calls first.
 */
export function remainingPathOf(playbook: CompiledPlaybook): Map<string, number> {
  const dependents = dependentsOf(playbook);
  const length = new Map<string, number>();
  const below = new Map<string, Set<string>>();
  const visit = (id: string): number => {
    const known = length.get(id);
    if (known !== undefined) return known;
    length.set(id, 1); // a cycle (never in a valid playbook) ends here
    const all = new Set<string>();
    let longest = 0;
    for (const next of dependents.get(id) ?? []) {
      longest = Math.max(longest, visit(next));
      all.add(next);
      for (const further of below.get(next) ?? []) all.add(further);
    }
    below.set(id, all);
    length.set(id, longest + 1);
    return longest + 1;
  };
  const priorities = new Map<string, number>();
  for (const id of Object.keys(playbook.steps)) {
    const path = visit(id);
    // The path decides; the number of steps waiting below breaks ties (fewer than 10,000 steps a playbook).
    priorities.set(id, path * 10_000 + Math.min(9_999, below.get(id)?.size ?? 0));
  }
  return priorities;
}
