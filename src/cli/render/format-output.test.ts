import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatOutput } from './format-output.ts';

test('a synthesis reads as its summary, then each part with the steps and agents it came from', () => {
  const text = formatOutput({
    summary: 'The launch kit.',
    parts: [
      { text: 'The post.', sources: ['draft'], steps: ['draft'], agents: ['writer'] },
      {
        text: 'Checked claims.',
        sources: ['check', 'review'],
        steps: ['check', 'review'],
        agents: ['fact-checker', 'person'],
      },
    ],
    attribution: {},
  });
  assert.equal(
    text,
    'The launch kit.\n\nThe post.\n  — from draft (writer)\n\nChecked claims.\n  — from check (fact-checker), review (person)',
  );
});

test('text stays text; other values are indented JSON', () => {
  assert.equal(formatOutput('hello'), 'hello');
  assert.equal(formatOutput({ tier: 'hot' }), '{\n  "tier": "hot"\n}');
  assert.equal(formatOutput({ summary: 'x', parts: [1] }), '{\n  "summary": "x",\n  "parts": [\n    1\n  ]\n}');
});
