import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledPlaybook, Json, RunEvent, RunEventOf, SynthesizeStep } from '../../spec/index.ts';
import { asStepId } from '../../spec/index.ts';
import { buildPlaybook, testAgent } from '../../testing/build-playbook.ts';
import { createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/** Research by two agents (one fanned out over segments), a skipped step, and `brief` merging all three. */
function briefPlaybook(): CompiledPlaybook {
  const playbook = buildPlaybook(
    {
      trends: { agent: { name: 'trend-researcher' } },
      versions: { agent: { name: 'personalizer' }, forEach: { items: '{{ inputs.segments }}' } },
      extra: { when: 'false' },
    },
    { inputs: { segments: { type: 'array' } } },
  );
  const from = ['trends', 'versions', 'extra'].map(asStepId);
  const brief: SynthesizeStep = {
    kind: 'synthesize',
    id: asStepId('brief'),
    needs: from,
    agent: testAgent({ name: 'editor' }),
    task: 'One launch brief',
    from,
    retry: { attempts: 1, backoffMs: 1, factor: 2, maxBackoffMs: 10, jitter: false },
    onError: { action: 'fail' },
  };
  playbook.steps.brief = brief;
  return playbook;
}

async function run(brief: FakeAnswer) {
  const answers: Record<string, FakeAnswer> = {
    trends: { text: 'TRENDS' },
    'versions[0]': { text: 'FOR FOUNDERS' },
    'versions[1]': { object: { headline: 'For marketers' } },
    brief,
  };
  const fake = createFakeModelGateway((request) => answers[request.origin.unit] ?? {});
  const { engine, store } = createTestEngine({ models: fake.gateway });
  const handle = await engine.startRun({
    playbook: briefPlaybook(),
    inputs: { segments: ['founders', 'marketers'] },
    models: [],
    dryRun: false,
  });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), calls: fake.calls };
}

describe('synthesize steps', () => {
  it('show the agent every source with its label, step and agent, and attribute each part', async () => {
    const { state, events, calls } = await run({
      object: {
        summary: 'The brief',
        parts: [
          { text: 'Trends meet founders', sources: ['trends', 'versions[0]', 'trends'] },
          { text: 'Marketers', sources: ['versions[1]'] },
        ],
      },
    });
    assert.equal(state.status, 'succeeded');
    const request = calls.find((call) => call.request.origin.unit === 'brief')!.request;
    const task = request.messages[0]?.role === 'user' ? request.messages[0].content : '';
    assert.match(task, /^One launch brief\n\n## Sources\n/);
    for (const section of [
      '### Source "trends": step trends, by trend-researcher\nTRENDS',
      '### Source "versions[0]": step versions, item 0 ("founders"), by personalizer\nFOR FOUNDERS',
      '### Source "versions[1]": step versions, item 1 ("marketers"), by personalizer\n{\n  "headline": "For marketers"\n}',
      '### Source "extra": step extra\n(skipped: when: false is false; do not cite it)',
    ]) {
      assert.ok(task.includes(section), `the task shows ${JSON.stringify(section)}`);
    }
    const properties = request.outputSchema?.properties as { parts: { items: { properties: Record<string, Json> } } };
    assert.deepEqual(properties.parts.items.properties.sources, {
      type: 'array',
      items: { type: 'string', enum: ['trends', 'versions[0]', 'versions[1]'] },
      description: 'The labels of the sources this part draws on.',
    });

    const end = ofType(events, 'step-end').find((event) => event.step === 'brief')!;
    assert.deepEqual(end.output, {
      summary: 'The brief',
      parts: [
        {
          text: 'Trends meet founders',
          sources: ['trends', 'versions[0]'],
          steps: ['trends', 'versions'],
          agents: ['trend-researcher', 'personalizer'],
        },
        { text: 'Marketers', sources: ['versions[1]'], steps: ['versions'], agents: ['personalizer'] },
      ],
      attribution: {
        trends: { step: 'trends', agent: 'trend-researcher' },
        'versions[0]': { step: 'versions', item: 0, agent: 'personalizer' },
        'versions[1]': { step: 'versions', item: 1, agent: 'personalizer' },
      },
    });
  });

  it('fail when a part cites something that is not a source', async () => {
    const { state, events } = await run({
      object: { summary: 'S', parts: [{ text: 'x', sources: ['trends', 'extra'] }] },
    });
    assert.equal(state.status, 'failed');
    const error = ofType(events, 'step-error').find((event) => event.step === 'brief')!.error;
    assert.equal(error.code, 'synthesize-invalid');
    assert.equal(
      error.message,
      'the agent of synthesize step brief cited "extra" in part 1, which is not a source (sources: trends, versions[0], versions[1])',
    );
  });

  it('fail when the answer has no summary and parts', async () => {
    const { events } = await run({ text: 'just prose' });
    const error = ofType(events, 'step-error').find((event) => event.step === 'brief')!.error;
    assert.equal(error.code, 'synthesize-invalid');
    assert.match(error.message, /did not answer with \{ summary, parts \}/);
  });

  it('fail without calling a model when none of the sources has an output', async () => {
    const playbook = buildPlaybook({ extra: { when: 'false' } });
    const from = [asStepId('extra')];
    playbook.steps.brief = { ...briefPlaybook().steps.brief!, needs: from, from } as SynthesizeStep;
    const fake = createFakeModelGateway();
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    assert.equal((await handle.done).status, 'failed');
    const error = ofType(store.read(handle.runId), 'step-error')[0]!.error;
    assert.deepEqual(error, {
      code: 'synthesize-invalid',
      message: 'none of the steps synthesize step brief merges (extra) has an output',
      retryable: false,
    });
    assert.equal(fake.calls.length, 0);
  });
});
