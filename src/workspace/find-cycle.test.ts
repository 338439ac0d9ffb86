import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycles, upstreamOf } from './find-cycle.ts';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    assert.deepEqual(findCycles(graph({ a: [], b: ['a'], c: ['a', 'b'] })), []);
  });

  it('names each cycle as a closed path, once', () => {
    assert.deepEqual(findCycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['d'] })), [
      ['a', 'b', 'c', 'a'],
      ['d', 'd'],
    ]);
  });

  it('handles a long chain without overflowing the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 100_000; i++) edges[`s${i}`] = i === 0 ? ['s99999'] : [`s${i - 1}`];
    const [cycle] = findCycles(graph(edges));
    assert.equal(cycle?.length, 100_001);
  });
});

describe('upstreamOf', () => {
  it('follows needs transitively', () => {
    const edges = graph({ a: [], b: ['a'], c: ['b'], d: [] });
    assert.deepEqual([...upstreamOf(edges, 'c')].sort(), ['a', 'b']);
    assert.deepEqual([...upstreamOf(edges, 'd')], []);
  });
});
