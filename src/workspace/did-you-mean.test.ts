import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, didYouMean, editDistance } from './did-you-mean.ts';

describe('didYouMean', () => {
  it('suggests the closest name for a typo', () => {
    assert.equal(didYouMean('writr', ['writer', 'editor']), 'did you mean "writer"?');
    assert.equal(didYouMean('agnet', ['agent', 'task']), 'did you mean "agent"?');
    assert.equal(didYouMean('Writer', ['writer']), 'did you mean "writer"?');
    assert.equal(closestMatch('fore_each', ['for_each', 'needs']), 'for_each');
  });

  it('suggests another form of the same word when no typo is close', () => {
    const fields = ['agent', 'task', 'needs', 'retry', 'timeout', 'on_error', 'budget'];
    assert.equal(didYouMean('retries', fields), 'did you mean "retry"?');
    assert.equal(didYouMean('budgets', fields), 'did you mean "budget"?');
    // Short words share too little to be the same word.
    assert.equal(didYouMean('tasking', ['tax', 'tag']), undefined);
    assert.equal(didYouMean('retrieve', fields), undefined);
  });

  it('stays quiet when nothing is close', () => {
    assert.equal(didYouMean('zebra', ['writer', 'editor']), undefined);
    assert.equal(didYouMean('c', ['a', 'b']), undefined);
    assert.equal(didYouMean('x', []), undefined);
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});
