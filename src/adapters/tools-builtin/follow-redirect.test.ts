import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { followRedirect } from './follow-redirect.ts';
import type { PreparedRequest } from './prepare-request.ts';

const post: PreparedRequest = {
  url: new URL('https://api.example/submit'),
  method: 'POST',
  headers: { authorization: 'Bearer t0ken', cookie: 'a=1', 'x-api-key': 'k3y', 'content-type': 'application/json' },
  body: Buffer.from('{}'),
};
const strict = { allowPrivate: false, allowHosts: [] };

describe('followRedirect', () => {
  test('refuses an https to http downgrade unless allow_private', () => {
    const refused = followRedirect(post, 307, 'http://api.example/submit', strict);
    assert.ok('error' in refused);
    assert.match(refused.error, /refused redirect from https to plain http/);
    const allowed = followRedirect(post, 307, 'http://api.example/submit', { ...strict, allowPrivate: true });
    assert.ok(!('error' in allowed));
  });

  test('303, and 301/302 after POST, become GET without body or content-type', () => {
    for (const status of [301, 302, 303]) {
      const next = followRedirect(post, status, '/done', strict);
      assert.ok(!('error' in next));
      assert.deepEqual([next.method, next.body, next.headers['content-type']], ['GET', undefined, undefined]);
      assert.equal(next.url.href, 'https://api.example/done');
    }
    const head = followRedirect({ ...post, method: 'HEAD', body: undefined }, 303, '/x', strict);
    assert.ok(!('error' in head) && head.method === 'HEAD');
  });

  test('307 and 308 keep method and body; PUT keeps its method on 302', () => {
    for (const status of [307, 308]) {
      const next = followRedirect(post, status, '/again', strict);
      assert.ok(!('error' in next) && next.method === 'POST' && next.body?.toString() === '{}');
    }
    const put = followRedirect({ ...post, method: 'PUT' }, 302, '/again', strict);
    assert.ok(!('error' in put) && put.method === 'PUT');
  });

  test('drops credentials on a cross-origin hop only', () => {
    const same = followRedirect(post, 307, '/other', strict);
    assert.ok(!('error' in same) && same.headers.authorization === 'Bearer t0ken');
    for (const location of ['https://other.example/', 'https://api.example:8443/', 'http://api.example/']) {
      const next = followRedirect(post, 307, location, { ...strict, allowPrivate: true });
      assert.ok(!('error' in next));
      assert.deepEqual(Object.keys(next.headers), ['content-type'], location);
    }
  });

  test('reports an unusable Location', () => {
    const bad = followRedirect(post, 302, 'http://[bad', strict);
    assert.ok('error' in bad && /invalid Location/.test(bad.error));
  });
});
