/**
 * Every cycle in a graph given as node → nodes it needs, each as a closed path such as
 * `['a', 'b', 'a']`. Each cycle is reported once, starting from its first node in `graph` order.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  // Iterative depth-first search, so a long chain of steps cannot overflow the call stack.
  const visit = (start: string): void => {
    const frames: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 'visiting');
    trail.push(start);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const needs = graph.get(frame.node) ?? [];
      if (frame.next >= needs.length) {
        frames.pop();
        trail.pop();
        state.set(frame.node, 'done');
        continue;
      }
      const next = needs[frame.next++]!;
      if (!graph.has(next)) continue;
      const status = state.get(next);
      if (status === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (status === undefined) {
        state.set(next, 'visiting');
        trail.push(next);
        frames.push({ node: next, next: 0 });
      }
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Every node reachable from `start` through `graph` (not including `start` unless on a cycle). */
export function upstreamOf(graph: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const found = new Set<string>();
  const stack = [...(graph.get(start) ?? [])];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (found.has(node) || !graph.has(node)) continue;
    found.add(node);
    stack.push(...(graph.get(node) ?? []));
  }
  return found;
}
