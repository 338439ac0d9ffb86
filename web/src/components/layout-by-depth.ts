// Where each step sits on a graph: one column per depth (the longest chain of waits before it),
// rows in the given order within a column. The editor and the run page both lay steps out this way.

/** A graph's spacing, in pixels; `centre` centres each column on the tallest one. */
export interface LayoutGrid {
  column: number;
  row: number;
  centre?: boolean;
}

/** Each id's position. `inputsOf` names what an id waits for; a loop (reported elsewhere) is cut where it closes. */
export function layoutByDepth(
  ids: readonly string[],
  inputsOf: (id: string) => readonly string[],
  grid: LayoutGrid,
): Map<string, { x: number; y: number }> {
  const known = new Set(ids);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const found = depth.get(id);
    if (found !== undefined) return found;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const inputs = inputsOf(id).filter((input) => known.has(input));
    const value = inputs.length ? Math.max(...inputs.map(depthOf)) + 1 : 0;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  const columns: string[][] = [];
  for (const id of ids) {
    const index = depthOf(id);
    columns[index] = [...(columns[index] ?? []), id];
  }
  const tallest = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  const positions = new Map<string, { x: number; y: number }>();
  columns.forEach((column, index) => {
    const offset = grid.centre ? ((tallest - column.length) * grid.row) / 2 : 0;
    column.forEach((id, row) => {
      positions.set(id, { x: index * grid.column, y: offset + row * grid.row });
    });
  });
  return positions;
}
