import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelFault, ModelRequest, SimulatorScript } from '../../../spec/index.ts';
import { createModelGateway } from '../create-model-gateway.ts';
import { ModelCallError } from '../model-call-error.ts';
import { pickLatency } from './create-simulator-model.ts';
import { createSeededRandom, hashParts } from './seeded-random.ts';

const gateway = createModelGateway({ env: {}, simulator: { latencyMs: 0 } });
const signal = new AbortController().signal;

function request(
  options: { model?: string; unit?: string; attempt?: number; turn?: number; simulate?: SimulatorScript } = {},
): ModelRequest {
  return {
    model: options.model ?? 'simulator:default',
    system: 'You are Ada: a release analyst.',
    messages: [{ role: 'user', content: 'Compare the changelogs of v1 and v2' }],
    tools: [
      {
        name: 'read_file',
        description: 'Reads a file',
        inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        risk: 'read',
      },
    ],
    origin: { runId: 'run-1', unit: options.unit ?? 'compare', attempt: options.attempt ?? 1, turn: options.turn ?? 0 },
    ...(options.simulate ? { simulate: options.simulate } : {}),
  };
}

async function faultOf(call: Promise<unknown>): Promise<ModelFault> {
  const error = await call.then(
    () => assert.fail('expected the call to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelCallError, String(error));
  return error.fault;
}

describe('the simulator', () => {
  test('answers deterministically, marked as simulated, mentioning the task', async () => {
    const first = await gateway.generate(request(), { signal });
    const again = await gateway.generate(request(), { signal });
    const otherUnit = await gateway.generate(request({ unit: 'other' }), { signal });
    assert.deepEqual(again, first);
    assert.notEqual(otherUnit.text, first.text);
    assert.match(first.text, /^\[simulated simulator:default\] .*"Compare the changelogs of v1 and v2"/);
    assert.equal(first.servedBy, 'simulator');
    assert.equal(first.costUsd, 0);
    assert.equal(first.finishReason, 'stop');
    assert.equal(first.usage.outputTokens, Math.ceil(first.text.length / 4));
    assert.ok(first.usage.inputTokens > 10);
  });

  test('stands in for a real model whose key is missing, naming it', async () => {
    const response = await gateway.generate(request({ model: 'openai:gpt-5-mini' }), { signal });
    assert.match(response.text, /^\[simulated openai:gpt-5-mini\]/);
    assert.equal(response.servedBy, 'simulator');
    assert.equal(response.costUsd, 0);
  });

  test('streams its text in a few deltas', async () => {
    const deltas: string[] = [];
    const response = await gateway.generate(request(), { signal, onDelta: (text) => deltas.push(text) });
    assert.ok(deltas.length >= 3, `got ${deltas.length} deltas`);
    assert.equal(deltas.join(''), response.text);
  });

  test('answers with JSON conforming to the output schema', async () => {
    const outputSchema = {
      type: 'object',
      properties: {
        summary: { type: 'string' },
        changes: {
          type: 'array',
          minItems: 2,
          items: {
            type: 'object',
            properties: { kind: { enum: ['added', 'removed'] }, impact: { type: 'integer', minimum: 1, maximum: 5 } },
            required: ['kind', 'impact'],
            additionalProperties: false,
          },
        },
        breaking: { type: 'boolean' },
      },
      required: ['summary', 'changes', 'breaking'],
    };
    const response = await gateway.generate({ ...request(), outputSchema }, { signal });
    const object = response.object as { summary: string; changes: unknown[]; breaking: boolean };
    assert.equal(typeof object.breaking, 'boolean');
    assert.ok(object.changes.length >= 2);
    assert.match(object.summary, /simulated.*Compare the changelogs/);
    assert.deepEqual(JSON.parse(response.text), object);
  });

  test('makes the scripted tool calls turn by turn, then gives the scripted output', async () => {
    const simulate: SimulatorScript = {
      toolCalls: [
        [
          { tool: 'read_file', input: { path: 'v1.md' } },
          { tool: 'read_file', input: { path: 'v2.md' } },
        ],
        [{ tool: 'read_file', input: { path: 'v3.md' } }],
      ],
      output: 'v2 removes the legacy API.',
    };
    const turn0 = await gateway.generate(request({ simulate, turn: 0 }), { signal });
    assert.deepEqual(
      turn0.toolCalls.map((call) => [call.tool, call.input]),
      [
        ['read_file', { path: 'v1.md' }],
        ['read_file', { path: 'v2.md' }],
      ],
    );
    assert.equal(new Set(turn0.toolCalls.map((call) => call.id)).size, 2, 'call ids are unique');
    assert.equal(turn0.finishReason, 'tool-calls');
    const turn1 = await gateway.generate(request({ simulate, turn: 1 }), { signal });
    assert.deepEqual(
      turn1.toolCalls.map((call) => call.input),
      [{ path: 'v3.md' }],
    );
    const turn2 = await gateway.generate(request({ simulate, turn: 2 }), { signal });
    assert.deepEqual([turn2.text, turn2.toolCalls], ['v2 removes the legacy API.', []]);
  });

  test('mentions the tool results it was given in its final text', async () => {
    const response = await gateway.generate(
      {
        ...request({ turn: 1 }),
        messages: [
          { role: 'user', content: 'Compare the changelogs' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', tool: 'read_file', input: { path: 'a' } }] },
          { role: 'tool', results: [{ id: 'c1', tool: 'read_file', output: 'text', isError: false }] },
        ],
      },
      { signal },
    );
    assert.match(response.text, /1 tool result \(read_file\)/);
  });

  test('loop: true keeps calling the first tool', async () => {
    const simulate: SimulatorScript = { loop: true, toolCalls: [[{ tool: 'read_file', input: { path: 'x' } }]] };
    const response = await gateway.generate(request({ simulate, turn: 57 }), { signal });
    assert.deepEqual(
      response.toolCalls.map((call) => [call.tool, call.input]),
      [['read_file', { path: 'x' }]],
    );
    const unscripted = await gateway.generate(request({ simulate: { loop: true }, turn: 3 }), { signal });
    assert.equal(unscripted.toolCalls[0]?.tool, 'read_file', 'without a script it calls the first offered tool');
  });

  test('fails the first `times` attempts with the scripted fault, then answers', async () => {
    const simulate: SimulatorScript = { fail: { times: 2, error: 'rate-limit' } };
    for (const attempt of [1, 2]) {
      const fault = await faultOf(gateway.generate(request({ simulate, attempt }), { signal }));
      assert.deepEqual([fault.code, fault.retryable, fault.retryAfterMs], ['rate-limit', true, 1000]);
    }
    const answer = await gateway.generate(request({ simulate, attempt: 3 }), { signal });
    assert.match(answer.text, /^\[simulated/);
  });

  test('each scripted fault maps to its ModelFault', async () => {
    const expected = { overload: true, server: true, timeout: true, 'bad-request': false } as const;
    for (const [error, retryable] of Object.entries(expected)) {
      const simulate: SimulatorScript = { fail: { times: 1, error: error as keyof typeof expected } };
      const fault = await faultOf(gateway.generate(request({ simulate }), { signal }));
      assert.deepEqual([fault.code, fault.retryable], [error, retryable]);
    }
  });

  test('takes the scripted latency', async () => {
    const started = performance.now();
    await gateway.generate(request({ simulate: { latencyMs: 150 } }), { signal });
    assert.ok(performance.now() - started >= 140, 'waited about the scripted latency');
  });

  test('picks a latency from a range deterministically', () => {
    const picks = ['a', 'b', 'c', 'd', 'e'].map((seed) =>
      pickLatency([100, 300], createSeededRandom(hashParts([seed]))),
    );
    assert.ok(
      picks.every((ms) => ms >= 100 && ms <= 300),
      `picks ${picks}`,
    );
    assert.ok(new Set(picks).size > 1, 'different calls get different latencies');
    const again = ['a', 'b', 'c', 'd', 'e'].map((seed) =>
      pickLatency([100, 300], createSeededRandom(hashParts([seed]))),
    );
    assert.deepEqual(again, picks);
    assert.equal(pickLatency(42, createSeededRandom(hashParts(['a']))), 42);
  });

  test('stops promptly when aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    const fault = await faultOf(
      gateway.generate(request({ simulate: { latencyMs: 5000 } }), { signal: controller.signal }),
    );
    assert.equal(fault.code, 'cancelled');
    assert.ok(performance.now() - started < 500);
  });
});

describe('the simulator under load', () => {
  test('streams every chunk in order and closes once, even when chunk and end timers share a millisecond', async () => {
    const latencies = [1, 2, 3, 4, 5];
    const calls = Array.from({ length: 300 }, (_, index) => {
      const deltas: string[] = [];
      const latencyMs = latencies[index % latencies.length]!;
      return gateway
        .generate(request({ unit: `u${index}`, simulate: { latencyMs } }), {
          signal,
          onDelta: (text) => deltas.push(text),
        })
        .then((response) => ({ response, deltas }));
    });
    for (const { response, deltas } of await Promise.all(calls)) {
      assert.ok(deltas.length > 1, 'streamed in several chunks');
      assert.equal(deltas.join(''), response.text, 'the deltas add up to the text, in order');
    }
  });
});
