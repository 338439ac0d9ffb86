import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent, RunEventOf } from '../../spec/index.ts';
import { unitKey } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createFakeTools, createMemoryStore, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/** Researcher shares a finding at once; the writer is busy with a slow tool meanwhile, then answers. */
const script = (request: ModelRequest): FakeAnswer => {
  const { unit, turn } = request.origin;
  if (unit === 'research' && turn === 0) {
    return { toolCalls: [{ tool: 'share_finding', input: { topic: 'pricing', content: 'Acme cut prices by 20%' } }] };
  }
  if (unit === 'write' && turn === 0) return { toolCalls: [{ tool: 'slow_lookup', input: {} }] };
  return { text: `${unit} done` };
};

function board() {
  return createFakeTools({
    slow_lookup: async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return { ok: true, output: 'looked up' };
    },
  });
}

const playbook = buildPlaybook({
  research: {},
  write: { agent: { tools: ['slow_lookup'] } },
});

describe('the findings board', () => {
  it("puts a finding shared by one running agent in front of its sibling's next model call", async () => {
    const fake = createFakeModelGateway(script);
    const { engine, store } = createTestEngine({ models: fake.gateway, tools: board().tools });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    const events = store.read(handle.runId);

    const shared = ofType(events, 'finding-share');
    assert.equal(shared.length, 1);
    assert.deepEqual(shared[0]!.finding, { id: 'f1', topic: 'pricing', content: 'Acme cut prices by 20%', tags: [] });

    // The writer's second call carries the finding; the writer was still running when it was shared.
    const writerTurn1 = fake.calls.find(
      (call) => call.request.origin.unit === 'write' && call.request.origin.turn === 1,
    )!;
    const digest = writerTurn1.request.messages.find(
      (message) => message.role === 'user' && message.content.includes('Acme cut prices by 20%'),
    );
    assert.ok(digest, 'the digest reached the model');
    const writeEnd = events.find((event) => event.type === 'step-end' && event.step === 'write')!;
    assert.ok(shared[0]!.seq < writeEnd.seq, 'shared while the sibling ran');

    // What the writer saw is in the log; the researcher is never shown its own finding.
    const contexts = ofType(events, 'context-add').filter((event) => event.source === 'findings');
    assert.deepEqual(
      contexts.map((event) => [unitKey(event), event.turn, event.findingIds]),
      [['write', 1, ['f1']]],
    );
    assert.ok(
      fake.calls
        .filter((call) => call.request.origin.unit === 'research')
        .every((call) => !JSON.stringify(call.request.messages).includes('New findings')),
    );
    assert.deepEqual(
      state.findings.map((finding) => [finding.id, finding.agent, finding.unit]),
      [['f1', 'agent-research', 'research']],
    );
    assert.equal(
      fake.calls[0]!.request.tools.some((tool) => tool.name === 'share_finding'),
      true,
    );
  });

  it('resumes from every prefix without sharing a finding twice or repeating a recorded call', async () => {
    const fake = createFakeModelGateway(script);
    const { engine, store } = createTestEngine({ models: fake.gateway, tools: board().tools });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    await handle.done;
    const log = store.read(handle.runId);
    for (let cut = 1; cut < log.length; cut++) {
      const prefix = log.slice(0, cut);
      const copy = createMemoryStore();
      await copy.append(handle.runId, prefix);
      const again = createFakeModelGateway(script);
      const { engine: second } = createTestEngine({ models: again.gateway, tools: board().tools, store: copy });
      const resumed = await (await second.resumeRun(handle.runId, 'test')).done;
      assert.equal(resumed.status, 'succeeded', `cut ${cut}`);
      assert.equal(resumed.findings.length, 1, `cut ${cut}: one finding`);
      const recorded = new Set(
        ofType(prefix, 'model-response').map((event) => `${unitKey(event)}#${event.attempt}#${event.turn}`),
      );
      const repeated = again.calls
        .map((call) => `${call.request.origin.unit}#${call.request.origin.attempt}#${call.request.origin.turn}`)
        .filter((key) => recorded.has(key));
      assert.deepEqual(repeated, [], `cut ${cut}: no recorded call is made again`);
      await copy.close();
    }
  });

  it('shows an agent only the findings its step subscribes to, or none', async () => {
    const subscribed = (request: ModelRequest): FakeAnswer => {
      const { unit, turn } = request.origin;
      if (turn === 0 && unit === 'prices') {
        return { toolCalls: [{ tool: 'share_finding', input: { topic: 'pricing', content: 'Acme is 20% cheaper' } }] };
      }
      if (turn === 0 && unit === 'voice') {
        return { toolCalls: [{ tool: 'share_finding', input: { topic: 'tone', content: 'Acme sounds formal' } }] };
      }
      if (turn === 0) return { toolCalls: [{ tool: 'slow_lookup', input: {} }] };
      return { text: `${unit} done` };
    };
    const fake = createFakeModelGateway(subscribed);
    const { engine, store } = createTestEngine({ models: fake.gateway, tools: board().tools });
    const handle = await engine.startRun({
      playbook: buildPlaybook({
        prices: {},
        voice: {},
        pricer: { agent: { tools: ['slow_lookup'] }, findings: { topics: ['pricing'] } },
        loner: { agent: { tools: ['slow_lookup'] }, findings: 'none' },
      }),
      inputs: {},
      models: [],
      dryRun: false,
    });
    assert.equal((await handle.done).status, 'succeeded');
    const contexts = ofType(store.read(handle.runId), 'context-add').filter((event) => event.source === 'findings');
    const of = (unit: string) => contexts.filter((event) => unitKey(event) === unit);
    assert.equal(of('loner').length, 0, 'the loner is shown no findings');
    assert.equal(of('pricer').length, 1);
    assert.match(of('pricer')[0]!.text, /Acme is 20% cheaper/);
    assert.doesNotMatch(of('pricer')[0]!.text, /sounds formal/);
    // Steps without a subscription see every teammate's finding.
    assert.match(of('prices')[0]?.text ?? '', /sounds formal/);
    const pricerTurn1 = fake.calls.find(
      (call) => call.request.origin.unit === 'pricer' && call.request.origin.turn === 1,
    )!;
    assert.doesNotMatch(JSON.stringify(pricerTurn1.request.messages), /sounds formal/);
  });
});
