// The `ratelimit` scenario: 200 agent steps at once against a simulated provider limited to 600
// requests a minute and 10 concurrent requests, which answers 429 with retry-after when a limit is
// exceeded. Brigade's governor against the naive approach (fixed concurrency, the AI SDK's default retries).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createModelGateway } from '../src/adapters/models/create-model-gateway.ts';
import {
  createSimulatedProvider,
  type SimulatedRateLimit,
} from '../src/adapters/models/simulator/create-simulated-provider.ts';
import { createSqliteStore } from '../src/adapters/store-sqlite/create-sqlite-store.ts';
import { createGovernor, type Governor } from '../src/engine/governor/create-governor.ts';
import type { ModelLimits } from '../src/engine/governor/key-state.ts';
import { governorLimits } from '../src/runtime/governor-limits.ts';
import { systemClock } from '../src/runtime/system-ports.ts';
import type { ModelFault, ModelGateway } from '../src/spec/index.ts';
import { buildPlaybook } from '../src/testing/build-playbook.ts';
import { createTestEngine } from '../src/testing/create-test-engine.ts';

const total = 200;
const model = 'simulator:ratelimited';
const limit: SimulatedRateLimit = { requestsPerMinute: 600, concurrency: 10 };
/** Each answer takes 300–900 ms (drawn per call): 10 at once could make ~16 a second, the rate allows 10. */
const latencyMs: [number, number] = [300, 900];

/** One approach's figures. */
type Outcome = {
  completed: number;
  total: number;
  /** Successful requests per minute over the run's wall time, as a share of the provider's 600. */
  fraction_of_limit: number;
  http_429: number;
  wall_s: number;
};

async function measure(options: {
  governor: Governor;
  /** Units running at once (the naive approach's fixed concurrency). */
  global: number;
  headers: boolean;
  wrap?: (models: ModelGateway) => ModelGateway;
}): Promise<Outcome> {
  const provider = createSimulatedProvider({ ...limit, headers: options.headers });
  const gateway = createModelGateway({ env: {}, dryRun: true, simulator: { latencyMs, provider } });
  const dir = mkdtempSync(join(tmpdir(), 'brigade-bench-'));
  const { engine, store } = createTestEngine({
    store: createSqliteStore(join(dir, 'brigade.db')),
    models: options.wrap ? options.wrap(gateway) : gateway,
    governor: options.governor,
    global: options.global,
    commandPollMs: 200,
  });
  const playbook = buildPlaybook(
    {
      work: {
        forEach: { items: '{{ inputs.items }}' },
        task: 'step {{ item }}',
        agent: { model },
        onError: { action: 'continue' }, // count what completes; a failed step does not end the run
      },
    },
    { inputs: { items: { type: 'array' } } },
  );
  const started = performance.now();
  const handle = await engine.startRun({
    playbook,
    inputs: { items: Array.from({ length: total }, (_, index) => index) },
    models: [],
    dryRun: true,
  });
  const state = await handle.done;
  const wallMs = performance.now() - started;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const counts = provider.counts();
  const completed = [...state.units.values()].filter((unit) => unit.status === 'succeeded').length;
  const perMinute = counts.admitted / (wallMs / 60_000);
  return {
    completed,
    total,
    fraction_of_limit: Number((perMinute / limit.requestsPerMinute!).toFixed(3)),
    http_429: counts.rateLimited,
    wall_s: Number((wallMs / 1000).toFixed(2)),
  };
}

/** The governor as the runtime sets it up for a real provider: nothing configured, a cautious start. */
const learning = () => createGovernor({ clock: systemClock, limitsFor: governorLimits({}, () => false) });

/** brigade.yaml saying what the provider allows. */
const configured = (limits: Record<string, ModelLimits>) =>
  createGovernor({ clock: systemClock, limitsFor: governorLimits(limits, () => false) });

/** No governor: every call goes out at once, nothing is learned, nothing is retried here. */
const ungoverned: Governor = {
  acquire: async () => ({
    seq: 0,
    accept() {},
    succeed() {},
    fail: () => ({ retry: false, retryInMs: 0, delayMs: 0 }),
    release() {},
  }),
  inspect: () => ({ inFlight: 0, waiting: 0, concurrency: Number.POSITIVE_INFINITY }),
};

/**
 * The `ai` package's default retry policy, reproduced (Brigade does not use `ai`'s streamText, see
 * docs/decisions/0004): `retryWithExponentialBackoffRespectingRetryHeaders` with maxRetries 2,
 * initialDelayInMs 2000, backoffFactor 2. It retries an APICallError marked retryable (408, 409, 429,
 * 5xx, a failed fetch) raised before the stream starts; it waits `retry-after-ms`, else `retry-after`,
 * when that is between 0 and 60 s (or shorter than the exponential delay), else the exponential delay;
 * the call keeps its concurrency slot while it waits, as under a p-limit around streamText.
 */
function withAiSdkRetries(models: ModelGateway): ModelGateway {
  const retryable = new Set<ModelFault['code']>(['rate-limit', 'overload', 'server', 'timeout', 'network']);
  return {
    describe: (name) => models.describe(name),
    async generate(request, options) {
      let delayMs = 2_000;
      for (let tryNumber = 1; ; tryNumber++) {
        try {
          return await models.generate(request, options);
        } catch (error) {
          const fault = (error as { fault?: ModelFault }).fault;
          if (!fault || !retryable.has(fault.code) || fault.partialOutput || tryNumber > 2) throw error;
          const hint = fault.retryAfterMs;
          const wait = hint !== undefined && hint >= 0 && (hint < 60_000 || hint < delayMs) ? hint : delayMs;
          await sleep(wait, undefined, { signal: options.signal });
          delayMs *= 2;
        }
      }
    },
  };
}

/** The scenario: the governor learning from headers, then the naive approach, then two more variants of the governor. */
export async function ratelimit() {
  const governed = await measure({ governor: learning(), global: 256, headers: true });
  const naive = await measure({
    governor: ungoverned,
    global: limit.concurrency!,
    headers: true,
    wrap: withAiSdkRetries,
  });
  const noHeaders = await measure({ governor: learning(), global: 256, headers: false });
  const told = await measure({
    governor: configured({ [model]: { requestsPerMinute: 600, concurrency: 10 } }),
    global: 256,
    headers: false,
  });
  return {
    scenario: 'ratelimit',
    ...governed,
    naive,
    no_headers: noHeaders,
    configured: told,
    target: '200/200, ≥ 0.95',
  };
}
