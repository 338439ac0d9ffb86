import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRequest, RunEvent, RunEventOf } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createFakeTools, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';
import { estimateMessageTokens, estimateTokens, estimateToolTokens } from './estimate-tokens.ts';
import { elisionMarker } from './fit-conversation.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/** An agent that fetches a 2,000-character page on each of its first 8 turns, then answers. */
const script = (request: ModelRequest): FakeAnswer =>
  request.origin.turn < 8 ? { toolCalls: [{ tool: 'fetch', input: { page: request.origin.turn } }] } : { text: 'done' };

async function runLoop(contextWindow: number | undefined) {
  const fake = createFakeModelGateway(script);
  const tools = createFakeTools({
    fetch: (input) => ({ ok: true, output: `page ${JSON.stringify(input)}: ${'lorem ipsum '.repeat(166)}` }),
  });
  const { engine, store } = createTestEngine({ models: fake.gateway, tools: tools.tools });
  const handle = await engine.startRun({
    playbook: buildPlaybook({ crawl: { agent: { tools: ['fetch'], maxSteps: 12, maxOutputTokens: 200 } } }),
    inputs: {},
    models:
      contextWindow === undefined ? [] : [{ model: 'fake:model', servedBy: 'fake', simulated: true, contextWindow }],
    dryRun: false,
  });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), calls: fake.calls.map((call) => call.request) };
}

describe('context: a conversation that outgrows the window', () => {
  it('elides the oldest tool results, keeps the task and the latest turn, and records it', async () => {
    const { state, events, calls } = await runLoop(3_000);
    assert.equal(state.status, 'succeeded');
    const responses = ofType(events, 'model-response');
    const trimmed = responses.filter((event) => event.conversationTrim);
    assert.ok(trimmed.length >= 4, `trimmed turns: ${trimmed.map((event) => event.turn)}`);
    assert.equal(responses[0]!.conversationTrim, undefined, 'the first turns fit');

    const last = responses.at(-1)!;
    const trim = last.conversationTrim!;
    assert.equal(trim.rule, 'elide-tool-results');
    assert.equal(trim.budgetTokens, 3_000 - 200);
    assert.ok(trim.beforeTokens > trim.budgetTokens && trim.afterTokens <= trim.budgetTokens);
    // Oldest first, never the latest turn's results.
    assert.deepEqual(trim.elidedCallIds, trim.elidedCallIds!.toSorted());
    assert.equal(trim.elidedCallIds![0], 'crawl-0-0');
    assert.ok(!trim.elidedCallIds!.includes('crawl-7-0'));

    const request = calls.at(-1)!;
    assert.deepEqual(request.messages[0], { role: 'user', content: 'do crawl' }, 'the task stays');
    const results = request.messages.flatMap((message) => (message.role === 'tool' ? message.results : []));
    assert.equal(results.length, 8);
    for (const result of results) {
      const elided = trim.elidedCallIds!.includes(result.id);
      assert.equal(typeof result.output === 'string' && result.output.startsWith('[tool result elided'), elided);
    }
    assert.equal(
      results[0]!.output,
      elisionMarker(JSON.stringify(`page {"page":0}: ${'lorem ipsum '.repeat(166)}`).length),
    );
    assert.match(String(results.at(-1)!.output), /^page \{"page":7\}/);
    // What was sent fits, by the same estimate the trim records.
    const sent =
      estimateTokens(request.system) +
      estimateToolTokens(request.tools) +
      request.messages.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
    assert.equal(sent, trim.afterTokens);

    // The log keeps every result in full: only what one call sends is cut.
    assert.ok(ofType(events, 'tool-result').every((event) => String(event.output).length > 1_900));
  });

  it('cuts nothing when the model has no known window', async () => {
    const { events, calls } = await runLoop(undefined);
    assert.ok(ofType(events, 'model-response').every((event) => event.conversationTrim === undefined));
    assert.ok(JSON.stringify(calls.at(-1)!.messages).includes('page {\\"page\\":0}'));
  });
});
