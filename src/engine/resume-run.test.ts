import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent } from '../spec/index.ts';
import { unitKey } from '../spec/index.ts';
import { buildPlaybook } from '../testing/build-playbook.ts';
import { createFakeTools, createMemoryStore, createTestEngine } from '../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../testing/fake-model-gateway.ts';

const playbook = buildPlaybook(
  {
    research: { agent: { tools: ['lookup'] } },
    angle: {},
    draft: { needs: ['research', 'angle'], task: 'from {{ steps.research.output }} and {{ steps.angle.output }}' },
    versions: {
      needs: ['draft'],
      forEach: { items: '{{ inputs.segments }}' },
      task: '{{ item }}: {{ steps.draft.output }}',
    },
    flaky: { needs: ['draft'], retry: { attempts: 2 } },
  },
  { inputs: { segments: { type: 'array' } }, output: '{{ steps.versions.output }}' },
);

/** Deterministic answers: the same call always gets the same response. */
const script = (request: ModelRequest): FakeAnswer => {
  const { unit, turn, attempt } = request.origin;
  if (unit === 'research' && turn === 0) return { toolCalls: [{ tool: 'lookup', input: { q: 'trends' } }] };
  if (unit === 'flaky' && attempt === 1) return { fault: { code: 'server', message: '500', retryable: true } };
  return { text: `${unit}@${turn}` };
};

const callKey = (request: ModelRequest) => `${request.origin.unit}#${request.origin.attempt}#${request.origin.turn}`;

const recordedCalls = (events: RunEvent[]) =>
  new Set(
    events
      .filter((event) => event.type === 'model-response')
      .map((event) => `${unitKey(event)}#${event.attempt}#${event.turn}`),
  );

describe('engine: resume', () => {
  it('finishes a run from every prefix of its log without repeating a recorded model call', async () => {
    const tools = createFakeTools({ lookup: () => ({ ok: true, output: 'facts' }) });
    const original = createFakeModelGateway(script);
    const { engine, store } = createTestEngine({ models: original.gateway, tools: tools.tools });
    const handle = await engine.startRun({
      playbook,
      inputs: { segments: ['a', 'b', 'c'] },
      models: [],
      dryRun: false,
    });
    const expected = await handle.done;
    assert.equal(expected.status, 'succeeded');
    const log = store.read(handle.runId);
    assert.ok(log.length > 20);

    for (let cut = 1; cut < log.length; cut++) {
      const prefix = log.slice(0, cut);
      const copy = createMemoryStore();
      await copy.append(handle.runId, prefix);
      const again = createFakeModelGateway(script);
      const resumedTools = createFakeTools({ lookup: () => ({ ok: true, output: 'facts' }) });
      const { engine: second } = createTestEngine({ models: again.gateway, tools: resumedTools.tools, store: copy });
      const resumed = await (await second.resumeRun(handle.runId, 'test')).done;

      assert.equal(resumed.status, 'succeeded', `cut ${cut}`);
      assert.deepEqual(resumed.output, expected.output, `cut ${cut}: same output`);
      const recorded = recordedCalls(prefix);
      const repeated = again.calls.map((call) => callKey(call.request)).filter((key) => recorded.has(key));
      assert.deepEqual(repeated, [], `cut ${cut}: no recorded call is made again`);
      const toolDone = prefix.some((event) => event.type === 'tool-result');
      assert.equal(resumedTools.calls.length, toolDone ? 0 : 1, `cut ${cut}: a recorded tool result is reused`);

      const full = copy.read(handle.runId);
      assert.deepEqual(
        full.map((event) => event.seq),
        full.map((_, index) => index + 1),
        `cut ${cut}: no gaps`,
      );
      const ends = full.filter((event) => event.type === 'step-end').map((event) => unitKey(event));
      assert.equal(new Set(ends).size, ends.length, `cut ${cut}: every unit ends once`);
      await copy.close();
    }
  });
});
