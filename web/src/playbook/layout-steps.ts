// Where each step sits on the graph: one column per depth (the longest chain of waits before it),
// rows in file order within a column. Nothing of it is stored in the playbook.
import { type StepView, upstreamOf } from './read-playbook.ts';

/** Column width and row height of the graph, in pixels. */
export const layoutGrid = { column: 230, row: 100 } as const;

/** Each step's position, by id (a loop, which the check reports, is cut where it closes). */
export function layoutSteps(steps: StepView[]): Map<string, { x: number; y: number }> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const step = byId.get(id);
    const ups = step ? upstreamOf(step).filter((up) => byId.has(up)) : [];
    const value = ups.length ? Math.max(...ups.map(depthOf)) + 1 : 0;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  const columns: string[][] = [];
  for (const step of steps) {
    const index = depthOf(step.id);
    columns[index] = [...(columns[index] ?? []), step.id];
  }
  const tallest = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  const positions = new Map<string, { x: number; y: number }>();
  columns.forEach((column, index) => {
    const offset = ((tallest - column.length) * layoutGrid.row) / 2;
    column.forEach((id, row) => {
      positions.set(id, { x: index * layoutGrid.column, y: offset + row * layoutGrid.row });
    });
  });
  return positions;
}
