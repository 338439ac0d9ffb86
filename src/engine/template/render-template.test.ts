import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from './parse-template.ts';
import { renderTemplate, stringifyValue } from './render-template.ts';
import type { TemplateScope } from './template.ts';

const scope: TemplateScope = {
  inputs: { topic: 'AI agents', segments: ['founders', 'marketers'], count: 3, draft: true, nothing: null },
  steps: {
    draft: { output: 'The post', status: 'succeeded' },
    check: { output: { ok: true, claims: [{ text: 'a' }] }, status: 'succeeded' },
    'launch-kit': { output: 'kit', status: 'succeeded' },
  },
  item: { name: 'founders', tags: ['b2b'] },
  index: 2,
};

describe('renderTemplate', () => {
  it('interpolates strings into text', () => {
    assert.equal(
      renderTemplate('Post about {{ inputs.topic }}: {{steps.draft.output}}', scope),
      'Post about AI agents: The post',
    );
  });

  it('returns the raw value of a template that is one expression', () => {
    assert.deepEqual(renderTemplate('{{ inputs.segments }}', scope), ['founders', 'marketers']);
    assert.equal(renderTemplate('{{ inputs.count }}', scope), 3);
    assert.equal(renderTemplate(' {{ inputs.draft }}\n', scope), true);
    assert.equal(renderTemplate('{{ inputs.missing }}', scope), undefined);
  });

  it('stringifies objects as JSON and numbers and booleans with String()', () => {
    assert.equal(
      renderTemplate('n={{ inputs.count }} b={{ inputs.draft }} o={{ steps.check.output }}', scope),
      'n=3 b=true o=' + JSON.stringify({ ok: true, claims: [{ text: 'a' }] }, null, 2),
    );
  });

  it('renders missing paths and null as empty text, without throwing', () => {
    assert.equal(
      renderTemplate('[{{ inputs.missing.deeper[3] }}][{{ inputs.nothing }}][{{ steps.nope.output }}]', scope),
      '[][][]',
    );
  });

  it('reads item, index, brackets, hyphenated step ids and length', () => {
    assert.equal(
      renderTemplate(
        '{{ index }}:{{ item.name }}:{{ item.tags[0] }}:{{ inputs.segments[1] }}:{{ steps.launch-kit.output }}',
        scope,
      ),
      '2:founders:b2b:marketers:kit',
    );
    assert.equal(renderTemplate('{{ inputs.segments.length }}', scope), 2);
    assert.equal(renderTemplate('{{ inputs.topic.length }}', scope), 9);
    assert.equal(renderTemplate('{{ steps.check.output["ok"] }}', scope), true);
  });

  it('reads own properties only', () => {
    const inputs = Object.create({ inherited: 'secret' }) as Record<string, string>;
    inputs.own = 'mine';
    const withProto: TemplateScope = { inputs, steps: {} };
    assert.equal(renderTemplate('{{ inputs.own }}/{{ inputs.inherited }}/{{ inputs.toString }}', withProto), 'mine//');
    assert.equal(renderTemplate('{{ inputs.segments.map }}', scope), undefined);
    assert.equal(renderTemplate('{{ inputs.segments[5] }}', scope), undefined);
  });

  it('evaluates operators inside text', () => {
    assert.equal(
      renderTemplate('{{ inputs.count > 2 }} {{ "b2b" in item.tags }} {{ !inputs.draft }}', scope),
      'true true false',
    );
  });

  it('takes a parsed template too', () => {
    const parsed = parseTemplate('{{ item.name }}!');
    assert.ok(parsed.ok);
    assert.equal(renderTemplate(parsed.template, scope), 'founders!');
  });

  it('throws a BrigadeError for an invalid template string (the loader should have caught it)', () => {
    assert.throws(() => renderTemplate('{{ oops }}', scope), { code: 'WORKSPACE_INVALID' });
  });
});

describe('stringifyValue', () => {
  it('follows the text rules', () => {
    assert.equal(stringifyValue(undefined), '');
    assert.equal(stringifyValue(null), '');
    assert.equal(stringifyValue('s'), 's');
    assert.equal(stringifyValue(0), '0');
    assert.equal(stringifyValue(false), 'false');
    assert.equal(stringifyValue([1, 'a']), '[\n  1,\n  "a"\n]');
  });
});
