import type { CompiledPlaybook } from '../../spec/index.ts';

/** Every step a step depends on, directly or through others. */
export function upstreamOf(playbook: CompiledPlaybook, stepId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(playbook.steps[stepId]?.needs ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(playbook.steps[id]?.needs ?? []));
  }
  return seen;
}

/** Steps that list `stepId` in their needs, per step. Built once per run. */
export function dependentsOf(playbook: CompiledPlaybook): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const step of Object.values(playbook.steps)) {
    for (const need of step.needs) {
      const list = dependents.get(need) ?? [];
      list.push(step.id);
      dependents.set(need, list);
    }
  }
  return dependents;
}
