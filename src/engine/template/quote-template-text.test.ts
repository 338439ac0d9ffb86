import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteTemplateText } from './quote-template-text.ts';
import { renderTemplate } from './render-template.ts';

describe('quoteTemplateText', () => {
  it('renders back to the text, whatever braces and quotes it holds', () => {
    const scope = { inputs: { name: 'X' }, steps: {} };
    for (const text of ['use {{ inputs.name }}', '{{', '{{{ }}}', "}} {{ 'a' }}", 'plain', '{{ "unclosed']) {
      assert.equal(renderTemplate(quoteTemplateText(text), scope), text, text);
    }
  });
});
