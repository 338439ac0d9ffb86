// The `live-events` scenario: 20 agents at once on the simulator, in a real `brigade serve` server,
// followed by a real SSE client (the typed API client over fetch). For every event: the time from
// its `at` (when it was recorded) to its arrival at the client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime } from '../src/runtime/open-runtime.ts';
import { createApiClient } from '../src/server/client/create-api-client.ts';
import { startServer } from '../src/server/start-server.ts';
import { writeFiles } from '../test/run-brigade.ts';
import type { Figures } from './scenarios.ts';

const agents = 20;
const runs = 3;

export async function liveEvents(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-bench-live-'));
  writeFiles(dir, {
    'brigade.yaml': 'model: simulator:default\nconcurrency: 32\nsimulator: { latency_ms: [200, 800] }\n',
    'agents/writer.yaml': 'role: writer\ninstructions: Write a short post and share what you learn.\n',
    'playbooks/live.yaml': `name: live
inputs:
  items: { type: array, items: { type: string } }
steps:
  write:
    agent: writer
    for_each: "{{ inputs.items }}"
    concurrency: ${agents}
    task: "Write about {{ item }}"
`,
  });
  const runtime = await openRuntime({ cwd: dir, env: {} });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', log: () => {} });
  const api = createApiClient({ baseUrl: server.url, token: server.token.token });
  const items = Array.from({ length: agents }, (_, index) => `topic ${index}`);

  async function follow(): Promise<{ lags: number[]; deltas: number; running: number }> {
    const { runId } = await api.startRun({ playbook: 'live', inputs: { items }, dryRun: true });
    const lags: number[] = [];
    let deltas = 0;
    let running = 0;
    let peak = 0;
    for await (const message of api.events(runId)) {
      if (message.kind === 'delta') deltas++;
      if (message.kind !== 'event') continue;
      lags.push(Date.now() - message.event.at);
      if (message.event.type === 'step-start') peak = Math.max(peak, ++running);
      if (message.event.type === 'step-end' || message.event.type === 'step-error') running--;
    }
    return { lags, deltas, running: peak };
  }

  await follow(); // warm-up: JIT, lazy imports, the writer thread
  const lags: number[] = [];
  let deltas = 0;
  let peak = 0;
  for (let run = 0; run < runs; run++) {
    const result = await follow();
    lags.push(...result.lags);
    deltas += result.deltas;
    peak = Math.max(peak, result.running);
  }
  await server.close();
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
  lags.sort((a, b) => a - b);
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!;
  return {
    scenario: 'live-events',
    agents,
    peak_running: peak,
    runs,
    events: lags.length,
    deltas,
    p50_ms: at(0.5),
    p95_ms: at(0.95),
    max_ms: lags.at(-1)!,
    target: 'p95 ≤ 50',
  };
}
