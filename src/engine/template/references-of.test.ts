import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpression, parseTemplate } from './parse-template.ts';
import { referencesOf } from './references-of.ts';

describe('referencesOf', () => {
  it('lists every path a template reads, in order', () => {
    const parsed = parseTemplate(
      '{{ inputs.topic }} {{ steps.draft.output[0]["k"] }} {{ item.name && index > 1 }} {{ "lit" }}',
    );
    assert.ok(parsed.ok);
    assert.deepEqual(
      referencesOf(parsed.template).map(({ root, path }) => ({ root, path })),
      [
        { root: 'inputs', path: ['topic'] },
        { root: 'steps', path: ['draft', 'output', '0', 'k'] },
        { root: 'item', path: ['name'] },
        { root: 'index', path: [] },
      ],
    );
  });

  it('walks expressions, with offsets', () => {
    const parsed = parseExpression('!(steps.a.output in inputs.list)');
    assert.ok(parsed.ok);
    assert.deepEqual(referencesOf(parsed.expression), [
      { root: 'steps', path: ['a', 'output'], segments: ['a', 'output'], offset: 2 },
      { root: 'inputs', path: ['list'], segments: ['list'], offset: 20 },
    ]);
  });

  it('keeps array indexes as numbers in segments', () => {
    const parsed = parseTemplate('{{ steps.draft.output[0].title }}');
    assert.ok(parsed.ok);
    assert.deepEqual(referencesOf(parsed.template)[0]!.segments, ['draft', 'output', 0, 'title']);
  });
});
