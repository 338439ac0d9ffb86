import type { ModelRequest } from '../spec/index.ts';
import { buildPlaybook } from './build-playbook.ts';
import { createFakeTools, createTestEngine } from './create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from './fake-model-gateway.ts';

/**
 * A small run for tests of `explainRun` and its views: research shares a finding and looks something
 * up; write is shown research's output (cut to its budget) and the finding, fails once and retries;
 * a third step is skipped.
 */
export async function runExplainedPlaybook() {
  const script = (request: ModelRequest): FakeAnswer => {
    const { unit, turn, attempt } = request.origin;
    if (unit === 'research' && turn === 0) {
      return {
        toolCalls: [
          { tool: 'share_finding', input: { topic: 'trend', content: 'budgets move to tools' } },
          { tool: 'lookup', input: { q: 'budgets' } },
        ],
      };
    }
    if (unit === 'research') return { text: `FACTS ${'x'.repeat(2_000)}` };
    if (unit === 'write' && attempt === 1) return { fault: { code: 'server', message: 'HTTP 500', retryable: true } };
    return { text: 'the post' };
  };
  const fake = createFakeModelGateway(script);
  const tools = createFakeTools({ lookup: () => ({ ok: true, output: { hits: 3 } }) });
  const { engine, store } = createTestEngine({ models: fake.gateway, tools: tools.tools });
  const handle = await engine.startRun({
    playbook: buildPlaybook({
      research: { agent: { name: 'researcher', tools: ['lookup'] } },
      skipped: { when: 'false' },
      write: {
        needs: ['research'],
        agent: { name: 'writer' },
        task: 'Write about budgets',
        retry: { attempts: 2 },
        context: { steps: ['research'], maxTokens: 200 },
      },
    }),
    inputs: {},
    models: [{ model: 'fake:model', servedBy: 'fake', simulated: true, contextWindow: 32_000 }],
    dryRun: true,
  });
  await handle.done;
  return { events: store.read(handle.runId), runId: handle.runId, requests: fake.calls.map((call) => call.request) };
}
