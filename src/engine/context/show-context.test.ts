import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelInfo, ModelRequest, RunEvent, RunEventOf } from '../../spec/index.ts';
import { unitKey } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createFakeTools, createMemoryStore, createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';
import { boardTools } from '../board/board-tools.ts';
import { contextBudgetFor } from './context-budget.ts';
import { estimateTokens, estimateToolTokens } from './estimate-tokens.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);
const contextsOf = (events: RunEvent[], unit: string) =>
  ofType(events, 'context-add').filter((event) => unitKey(event) === unit);
const callsOf = (calls: Array<{ request: ModelRequest }>, unit: string) =>
  calls.filter((call) => call.request.origin.unit === unit).map((call) => call.request);

async function run(
  playbook: ReturnType<typeof buildPlaybook>,
  script: (request: ModelRequest) => FakeAnswer,
  options: { models?: ModelInfo[]; tools?: ReturnType<typeof createFakeTools> } = {},
) {
  const fake = createFakeModelGateway(script);
  const { engine, store } = createTestEngine({ models: fake.gateway, tools: options.tools?.tools });
  const handle = await engine.startRun({
    playbook,
    inputs: { segments: ['a', 'b'] },
    models: options.models ?? [],
    dryRun: false,
  });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), calls: fake.calls, store, runId: handle.runId };
}

const fakeWindow = (contextWindow: number): ModelInfo[] => [
  { model: 'fake:model', servedBy: 'fake', simulated: true, contextWindow },
];

describe('context: upstream outputs', () => {
  const playbook = buildPlaybook(
    {
      research: {},
      gate: { when: 'false' },
      flaky: { onError: { action: 'continue' } },
      versions: { forEach: { items: '{{ inputs.segments }}' }, task: 'version {{ item }}' },
      write: {
        needs: ['research', 'gate', 'flaky', 'versions'],
        task: 'Write the post',
        context: { steps: ['research', 'gate', 'flaky', 'versions'] },
      },
    },
    { inputs: { segments: { type: 'array' } } },
  );
  const script = (request: ModelRequest): FakeAnswer => {
    const { unit } = request.origin;
    if (unit === 'flaky')
      return { fault: { code: 'bad-request', message: 'HTTP 400 no such model', retryable: false } };
    if (unit.startsWith('versions')) return { text: `V:${unit}` };
    return { text: unit === 'research' ? 'FACTS: small teams buy tools' : `answer to ${unit}` };
  };

  it('puts them in front of the agent on its first turn, labelled, and records what it saw', async () => {
    const { state, events, calls } = await run(playbook, script);
    assert.equal(state.status, 'succeeded');
    const shown = contextsOf(events, 'write');
    assert.deepEqual(
      shown.map((event) => [event.turn, event.source]),
      [
        [0, 'system'],
        [0, 'task'],
        [0, 'steps'],
      ],
    );
    const [system, task, steps] = shown;
    assert.deepEqual(steps!.steps, ['research', 'gate', 'flaky', 'versions']);
    assert.equal(steps!.trim, undefined, 'no budget: nothing cut');
    const text = steps!.text;
    assert.match(text, /## Step "research" \(agent agent-research\)\nFACTS: small teams buy tools/);
    assert.match(text, /## Step "gate": skipped \(when: false is false\); no output/);
    assert.match(text, /## Step "flaky" \(agent agent-flaky\): failed \(HTTP 400 no such model\); the run went on/);
    assert.match(text, /## Step "versions" \(agent agent-versions\): one output per item \(2\)/);
    assert.match(text, /### versions\[0\], item a\nV:versions\[0\]\n\n### versions\[1\], item b\nV:versions\[1\]/);

    // The model got exactly what the log says: system prompt, task, then the outputs, on turn 0.
    const [request] = callsOf(calls, 'write');
    assert.equal(request!.system, system!.text);
    assert.deepEqual(system!.tools, ['share_finding', 'read_findings']);
    assert.deepEqual(request!.messages, [
      { role: 'user', content: task!.text },
      { role: 'user', content: text },
    ]);
    assert.equal(task!.text, 'Write the post');
    // Steps without context.steps see only their task.
    assert.deepEqual(
      contextsOf(events, 'research').map((event) => event.source),
      ['system', 'task'],
    );
  });

  it('cuts outputs that do not fit by the same ratio, keeping head and tail, and records the cut', async () => {
    const long = `HEAD-${'a'.repeat(3990)}-TAIL`;
    const short = `head-${'b'.repeat(1990)}-tail`;
    const { events, calls } = await run(
      buildPlaybook({
        long: {},
        short: {},
        write: { needs: ['long', 'short'], context: { steps: ['long', 'short'], maxTokens: 400 } },
      }),
      (request) => ({ text: request.origin.unit === 'long' ? long : request.origin.unit === 'short' ? short : 'post' }),
    );
    const steps = contextsOf(events, 'write').find((event) => event.source === 'steps')!;
    const trim = steps.trim!;
    assert.equal(trim.rule, 'cut-outputs');
    assert.equal(trim.budgetTokens, 400);
    assert.ok(trim.beforeTokens > 1_500, `before: ${trim.beforeTokens}`);
    assert.ok(trim.afterTokens <= 400 && trim.afterTokens > 350, `after: ${trim.afterTokens}`);
    assert.equal(estimateTokens(steps.text), trim.afterTokens);
    const cut = trim.cutChars!;
    assert.deepEqual(Object.keys(cut), ['long', 'short']);
    // The same ratio: each keeps about the same share of itself.
    const keptLong = (long.length - cut.long!) / long.length;
    const keptShort = (short.length - cut.short!) / short.length;
    assert.ok(Math.abs(keptLong - keptShort) < 0.01, `${keptLong} vs ${keptShort}`);
    assert.match(
      steps.text,
      /## Step "long" \(agent agent-long\)\nHEAD-a+\n\[… [\d,]+ characters trimmed to fit the context budget …\]\na+-TAIL/,
    );
    assert.match(steps.text, new RegExp(`\\[… ${cut.long!.toLocaleString('en-US')} characters trimmed`));
    assert.match(steps.text, /head-b+\n\[… [\d,]+ characters trimmed to fit the context budget …\]\nb+-tail/);
    assert.equal(callsOf(calls, 'write')[0]!.messages[1]!.role, 'user');
    assert.deepEqual(callsOf(calls, 'write')[0]!.messages[1], { role: 'user', content: steps.text });
  });

  it("bounds the context by the model's window minus system prompt, tools, task and the answer's room", async () => {
    const { events } = await run(
      buildPlaybook({
        long: {},
        write: {
          needs: ['long'],
          agent: { maxOutputTokens: 500 },
          context: { steps: ['long'], maxTokens: 100_000 },
        },
      }),
      (request) => ({ text: request.origin.unit === 'long' ? 'x'.repeat(20_000) : 'post' }),
      { models: fakeWindow(3_000) },
    );
    const [system, task, steps] = contextsOf(events, 'write');
    const fixed = estimateTokens(system!.text) + estimateToolTokens(boardTools) + estimateTokens(task!.text);
    assert.equal(steps!.trim!.budgetTokens, 3_000 - fixed - 500);
    assert.equal(
      contextBudgetFor({ contextWindow: 3_000, maxTokens: 100_000, fixedTokens: fixed, maxOutputTokens: 500 }),
      steps!.trim!.budgetTokens,
    );
    assert.ok(steps!.trim!.afterTokens <= steps!.trim!.budgetTokens);
  });
});

describe('context: findings digest over budget', () => {
  it('drops the oldest findings first, says so, and never offers them again', async () => {
    const share = (content: string): FakeAnswer => ({
      toolCalls: [{ tool: 'share_finding', input: { topic: 'trend', content } }],
    });
    const { events, calls } = await run(
      buildPlaybook({
        one: {},
        two: { needs: ['one'] },
        three: { needs: ['two'] },
        write: { needs: ['three'], agent: { tools: ['lookup'] }, context: { maxTokens: 120 } },
      }),
      (request) => {
        const { unit, turn } = request.origin;
        if (turn === 0 && unit !== 'write') return share(`${unit}: ${'finding '.repeat(30)}`);
        if (unit === 'write' && turn === 0) return { toolCalls: [{ tool: 'lookup', input: {} }] };
        return { text: `${unit} done` };
      },
      { tools: createFakeTools({ lookup: () => ({ ok: true, output: 'ok' }) }) },
    );
    const digests = contextsOf(events, 'write').filter((event) => event.source === 'findings');
    assert.equal(digests.length, 1, 'shown once, before turn 0; turn 1 has nothing new');
    const [digest] = digests;
    assert.equal(digest!.trim?.rule, 'drop-oldest-findings');
    assert.deepEqual(digest!.trim?.droppedFindingIds, ['f1', 'f2']);
    assert.deepEqual(digest!.findingIds, ['f3']);
    assert.ok(digest!.trim!.afterTokens <= 120 && digest!.trim!.beforeTokens > 120);
    assert.match(digest!.text, /the 2 oldest were left out to fit the context budget/);
    assert.match(digest!.text, /\[f3\] agent-three/);
    assert.doesNotMatch(digest!.text, /\[f1\]|\[f2\]/);
    const [turn0, turn1] = callsOf(calls, 'write');
    assert.deepEqual(turn0!.messages.at(-1), { role: 'user', content: digest!.text });
    assert.equal(turn1!.messages.filter((message) => message.role === 'user').length, 2, 'task and digest only');
  });
});

describe('context: resume', () => {
  const playbook = buildPlaybook({
    research: {},
    // A sibling running beside the researcher would see its finding or not depending on timing.
    angle: { findings: 'none' },
    write: {
      needs: ['research', 'angle'],
      agent: { tools: ['lookup'] },
      context: { steps: ['research', 'angle'], maxTokens: 300 },
    },
  });
  const script = (request: ModelRequest): FakeAnswer => {
    const { unit, turn } = request.origin;
    if (unit === 'research' && turn === 0) {
      return { toolCalls: [{ tool: 'share_finding', input: { topic: 'trend', content: 'budgets move to tools' } }] };
    }
    if (unit === 'write' && turn === 0) return { toolCalls: [{ tool: 'lookup', input: { q: 'x' } }] };
    return { text: `${unit}: ${'words '.repeat(200)}` };
  };
  const key = (request: ModelRequest) => `${request.origin.unit}#${request.origin.attempt}#${request.origin.turn}`;
  const lookup = () => createFakeTools({ lookup: () => ({ ok: true, output: 'found' }) });

  it('gives the model exactly the same system prompt and messages when resumed from any prefix', async () => {
    const original = await run(playbook, script, { tools: lookup() });
    assert.equal(original.state.status, 'succeeded');
    const sent = new Map(original.calls.map((call) => [key(call.request), call.request]));
    assert.ok(contextsOf(original.events, 'write').some((event) => event.source === 'steps' && event.trim));

    for (let cut = 1; cut < original.events.length; cut++) {
      const copy = createMemoryStore();
      await copy.append(original.runId, original.events.slice(0, cut));
      const again = createFakeModelGateway(script);
      const { engine } = createTestEngine({ models: again.gateway, tools: lookup().tools, store: copy });
      const resumed = await (await engine.resumeRun(original.runId, 'test')).done;
      assert.equal(resumed.status, 'succeeded', `cut ${cut}`);
      for (const call of again.calls) {
        const before = sent.get(key(call.request))!;
        assert.equal(call.request.system, before.system, `cut ${cut}: ${key(call.request)} system`);
        assert.deepEqual(call.request.messages, before.messages, `cut ${cut}: ${key(call.request)} messages`);
      }
      await copy.close();
    }
  });

  it('replays the recorded context instead of rebuilding it', async () => {
    const original = await run(playbook, script, { tools: lookup() });
    const steps = contextsOf(original.events, 'write').find((event) => event.source === 'steps')!;
    // Cut right after the context was recorded, and change what the log says the agent saw.
    const prefix = original.events
      .slice(0, steps.seq)
      .map((event) => (event.seq === steps.seq ? { ...event, text: 'RECORDED VIEW' } : event));
    const copy = createMemoryStore();
    await copy.append(original.runId, prefix);
    const again = createFakeModelGateway(script);
    const { engine } = createTestEngine({ models: again.gateway, tools: lookup().tools, store: copy });
    assert.equal((await (await engine.resumeRun(original.runId, 'test')).done).status, 'succeeded');
    const writes = callsOf(again.calls, 'write');
    assert.equal(writes.length, 2);
    for (const request of writes) assert.deepEqual(request.messages[1], { role: 'user', content: 'RECORDED VIEW' });
    assert.equal(contextsOf(copy.read(original.runId), 'write').filter((event) => event.source === 'steps').length, 1);
    await copy.close();
  });
});
