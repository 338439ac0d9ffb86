import type { Json, JsonSchema, SimulatorScript } from '../../../spec/index.ts';
import type { SeededRandom } from './seeded-random.ts';

type Planning = NonNullable<SimulatorScript['planning']>;

const firstRoundWork = [
  'Research what matters most about',
  'Collect facts and numbers on',
  'Find how others talk about',
  'List the open questions on',
];

/**
 * A planner's answer for a dry run, valid by construction: unique ids, agents from the schema's
 * enum, dependencies on earlier tasks only. Round 1 plans two to four tasks (the last builds on the
 * others); round 2 adds one task building on the plan so far; later rounds say done.
 */
export function simulatePlan(schema: JsonSchema, planning: Planning, random: SeededRandom, goal: string): Json {
  const team = teamOf(schema);
  const used = new Set(planning.taskIds);
  const nextId = () => {
    let n = used.size + 1;
    while (used.has(`t${n}`)) n++;
    used.add(`t${n}`);
    return `t${n}`;
  };
  const done = { tasks: [], cancel: [], done: true };
  if (team.length === 0 || planning.maxNewTasks === 0) return done;
  if (planning.round === 1) {
    const count = Math.min(planning.maxNewTasks, random.integer(2, 4));
    const offset = random.integer(0, team.length - 1);
    const tasks: Json[] = [];
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const id = nextId();
      const last = index === count - 1 && count > 1;
      tasks.push({
        id,
        agent: team[(offset + index) % team.length]!,
        instructions: last
          ? `Bring the results together into one answer for: ${goal}`
          : `${firstRoundWork[index % 4]}: ${goal}`,
        dependsOn: last ? [...ids] : [],
      });
      ids.push(id);
    }
    return { tasks, cancel: [], done: false };
  }
  const open = planning.taskIds.filter((id) => !planning.cancelledIds.includes(id));
  // A dry run always shows a revision: round 2 adds the task the first results call for.
  if (planning.round === 2 && open.length > 0) {
    const task = {
      id: nextId(),
      agent: random.pick(team),
      instructions: `Check the results so far and fill the gaps for: ${goal}`,
      dependsOn: [open.at(-1)!],
    };
    return { tasks: [task], cancel: [], done: false };
  }
  return done;
}

/** The team's names: the enum of the task's agent in the answer schema. */
function teamOf(schema: JsonSchema): string[] {
  const agent = (schema as { properties?: { tasks?: { items?: { properties?: { agent?: { enum?: Json[] } } } } } })
    .properties?.tasks?.items?.properties?.agent?.enum;
  return Array.isArray(agent) ? agent.filter((name): name is string => typeof name === 'string') : [];
}
