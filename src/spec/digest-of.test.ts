import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, digestOf, sha256Hex } from './digest-of.ts';

test('sha256Hex matches node:crypto on empty, short, multi-block and non-ASCII input', () => {
  for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'Zoë — 日本 🚀']) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), text.slice(0, 20));
  }
});

test('digestOf does not depend on key order, and changes with any argument', () => {
  const a = digestOf({ tool: 'http_request', input: { url: 'https://a.example', method: 'POST' } });
  const b = digestOf({ input: { method: 'POST', url: 'https://a.example' }, tool: 'http_request' });
  const c = digestOf({ tool: 'http_request', input: { url: 'https://b.example', method: 'POST' } });
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.match(a, /^sha256:[0-9a-f]{64}$/);
  assert.equal(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x' }), '{"a":"x","b":[1,{"c":null,"d":2}]}');
});
