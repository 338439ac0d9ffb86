import { createModelGateway } from '../adapters/models/create-model-gateway.ts';
import { createSqliteStore } from '../adapters/store-sqlite/create-sqlite-store.ts';
import { createEngine } from '../engine/create-engine.ts';
import { createGovernor, type Governor } from '../engine/governor/create-governor.ts';
import { createLimiter } from '../engine/governor/create-limiter.ts';
import { systemClock, systemIds, systemRandom } from '../runtime/system-ports.ts';
import type { Json, ModelGateway, ToolOutcome, ToolSource } from '../spec/index.ts';

/** The real clock, for engine tests that build their own governor. */
export { systemClock };

/** Tools for engine tests: each answers from a function; calls are recorded. */
export function createFakeTools(
  handlers: Record<string, (input: Json) => ToolOutcome | Promise<ToolOutcome>> = {},
  /** Tools whose calls wait for a person's approval. */
  gated: readonly string[] = [],
) {
  const calls: Array<{ tool: string; input: Json; unit: string }> = [];
  const tools: ToolSource = {
    names: () => Object.keys(handlers),
    describe: (names) =>
      names
        .filter((name) => handlers[name])
        .map((name) => ({ name, description: name, inputSchema: { type: 'object' }, risk: 'read' as const })),
    requiresApproval: (name) => gated.includes(name),
    async call(name, input, context) {
      calls.push({ tool: name, input, unit: context.unit });
      const handler = handlers[name];
      return handler ? handler(input) : { ok: false, error: `no tool ${name}` };
    },
  };
  return { tools, calls };
}

/** The real model gateway with no keys and no latency: every model is simulated (a dry run). */
export const createSimulatedModels = () => createModelGateway({ env: {}, simulator: { latencyMs: 0 } });

/** A fresh in-memory store (SQLite), for tests that build logs by hand. */
export const createMemoryStore = () => createSqliteStore(':memory:');

/** An engine over an in-memory SQLite store, for tests that assert on the event log. */
export function createTestEngine(options: {
  models: ModelGateway;
  tools?: ToolSource;
  global?: number;
  modelLimits?: Record<string, number>;
  store?: ReturnType<typeof createSqliteStore>;
  /** Default: a governor with no limits of its own (it still learns from what the gateway reports). */
  governor?: Governor;
  /** How often the owner polls for commands (default 20 ms: tests want cancels fast). */
  commandPollMs?: number;
}) {
  const store = options.store ?? createSqliteStore(':memory:');
  const engine = createEngine({
    store,
    leases: store,
    commands: store,
    ids: systemIds,
    clock: systemClock,
    random: systemRandom,
    models: options.models,
    tools: options.tools ?? createFakeTools().tools,
    limiter: createLimiter(),
    governor: options.governor ?? createGovernor({ clock: systemClock }),
    limits: { global: options.global ?? 64, models: options.modelLimits ?? {} },
    commandPollMs: options.commandPollMs ?? 20,
    owner: `test/${process.pid}/${Math.random().toString(36).slice(2, 6)}`,
  });
  return { engine, store };
}
