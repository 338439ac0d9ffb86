// The editor's graph layout: columns by depth, centred; nothing of it is stored in the playbook.
import { layoutByDepth } from '../components/layout-by-depth.ts';
import { type StepView, upstreamOf } from './read-playbook.ts';

/** Column width and row height of the graph, in pixels. */
export const layoutGrid = { column: 230, row: 100, centre: true } as const;

/** Each step's position, by id (a loop, which the check reports, is cut where it closes). */
export function layoutSteps(steps: StepView[]): Map<string, { x: number; y: number }> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  return layoutByDepth(
    steps.map((step) => step.id),
    (id) => upstreamOf(byId.get(id)!),
    layoutGrid,
  );
}
