import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledPlaybook } from '../spec/index.ts';
import { validateInputs } from './validate-inputs.ts';

const playbook: CompiledPlaybook = {
  name: 'launch',
  inputs: {
    topic: { type: 'string' },
    count: { type: 'integer', default: 3 },
    ratio: { type: 'number', default: 0.5 },
    publish: { type: 'boolean', default: false },
    segments: { type: 'array', items: { type: 'string' }, default: ['founders', 'marketers'] },
    scores: { type: 'array', items: { type: 'number' }, default: [] },
    options: { type: 'object', default: { tone: 'warm' } },
    tone: { type: 'string', enum: ['warm', 'bold'], default: 'warm' },
    note: { type: 'string', default: null },
  },
  steps: {},
};

describe('validateInputs', () => {
  it('applies defaults and requires inputs without one', () => {
    const result = validateInputs(playbook, {});
    assert.deepEqual(result, {
      ok: false,
      issues: [
        {
          file: '--input',
          path: 'topic',
          message: 'missing required input "topic"',
          hint: "pass --input topic='some text'",
        },
      ],
    });
    const ok = validateInputs(playbook, { topic: 'AI' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.inputs, {
      topic: 'AI',
      count: 3,
      ratio: 0.5,
      publish: false,
      segments: ['founders', 'marketers'],
      scores: [],
      options: { tone: 'warm' },
      tone: 'warm',
      note: null,
    });
  });

  it('counts a required text of only spaces as missing, from the command line and from JSON alike', () => {
    for (const topic of ['', '   ', ' \t\n']) {
      const result = validateInputs(playbook, { topic });
      assert.equal(result.ok, false, JSON.stringify(topic));
      if (!result.ok) {
        assert.equal(result.issues[0]?.path, 'topic');
        assert.match(result.issues[0]?.message ?? '', /required input "topic" is empty/);
      }
    }
    // An input with a default may be set to blank on purpose.
    assert.equal(validateInputs(playbook, { topic: 'AI', note: ' ' }).ok, true);
  });

  it('gives each run its own copy of a default', () => {
    const first = validateInputs(playbook, { topic: 'a' });
    assert.ok(first.ok);
    (first.inputs.segments as string[]).push('changed');
    const second = validateInputs(playbook, { topic: 'b' });
    assert.ok(second.ok);
    assert.deepEqual(second.inputs.segments, ['founders', 'marketers']);
  });

  it('coerces command-line strings to the declared types', () => {
    const result = validateInputs(playbook, {
      topic: '42',
      count: ' 7 ',
      ratio: '-1.5e2',
      publish: 'Yes',
      segments: 'founders, agencies,,',
      scores: '1, 2.5',
      options: '{"tone": "bold", "length": 3}',
      tone: 'bold',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.inputs, {
      topic: '42',
      count: 7,
      ratio: -150,
      publish: true,
      segments: ['founders', 'agencies'],
      scores: [1, 2.5],
      options: { tone: 'bold', length: 3 },
      tone: 'bold',
      note: null,
    });
    const json = validateInputs(playbook, { topic: 't', segments: '["a, b", "c"]', publish: 'off' });
    assert.ok(json.ok);
    assert.deepEqual(json.inputs.segments, ['a, b', 'c']);
    assert.equal(json.inputs.publish, false);
  });

  it('takes JSON values as they are', () => {
    const result = validateInputs(playbook, { topic: 'x', count: 2, segments: ['a'], options: { a: 1 } });
    assert.ok(result.ok);
    assert.deepEqual([result.inputs.count, result.inputs.segments, result.inputs.options], [2, ['a'], { a: 1 }]);
  });

  it('reports values of the wrong type, with an example', () => {
    const result = validateInputs(playbook, {
      topic: 5,
      count: '2.5',
      ratio: 'half',
      publish: 'maybe',
      segments: '[1, 2]',
      scores: '1, x',
      options: '[1]',
      tone: 'shy',
    });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.issues.map(({ path, message, hint }) => ({ path, message, hint })),
      [
        { path: 'topic', message: 'expected a string, found the integer 5', hint: "pass --input topic='some text'" },
        { path: 'count', message: 'expected an integer, got "2.5"', hint: 'pass --input count=3' },
        { path: 'ratio', message: 'expected a number, got "half"', hint: 'pass --input ratio=42' },
        { path: 'publish', message: 'expected a boolean, got "maybe"', hint: 'pass --input publish=true' },
        {
          path: 'segments',
          message: 'item 0: expected a string, found the integer 1',
          hint: 'pass --input segments=a,b,c',
        },
        { path: 'scores', message: '"x" is not a number', hint: 'pass --input scores=1,2,3' },
        {
          path: 'options',
          message: 'expected a mapping, found a list',
          hint: `pass --input options='{"key":"value"}'`,
        },
        {
          path: 'tone',
          message: 'expected one of "warm", "bold", found a string ("shy")',
          hint: 'pass --input tone=warm',
        },
      ],
    );
    const broken = validateInputs(playbook, { topic: 'x', options: '{oops' });
    assert.ok(!broken.ok);
    assert.equal(
      broken.issues[0]?.message,
      'expected a JSON object such as {"key": "value"}, got text that is not valid JSON',
    );
  });

  it('reports unknown inputs with did-you-mean', () => {
    const result = validateInputs(playbook, { topic: 'x', topik: 'y', zzz: '1' });
    assert.ok(!result.ok);
    assert.deepEqual(result.issues, [
      {
        file: '--input',
        path: 'topik',
        message: 'unknown input "topik" for playbook launch',
        hint: 'did you mean "topic"?',
      },
      {
        file: '--input',
        path: 'zzz',
        message: 'unknown input "zzz" for playbook launch',
        hint: 'inputs: topic, count, ratio, publish, segments, scores, options, tone, note',
      },
    ]);
    const none = validateInputs({ name: 'bare', inputs: {}, steps: {} }, { a: '1' });
    assert.ok(!none.ok);
    assert.equal(none.issues[0]?.hint, 'bare takes no inputs');
  });

  it('ignores inherited properties of the raw inputs', () => {
    const raw = Object.create({ topic: 'inherited' }) as Record<string, string>;
    const result = validateInputs(playbook, raw);
    assert.ok(!result.ok);
    assert.equal(result.issues[0]?.message, 'missing required input "topic"');
  });
});
