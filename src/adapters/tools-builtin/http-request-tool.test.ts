import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Json } from '../../spec/json.ts';
import type { ToolOutcome } from '../../spec/tool.ts';
import { type BuiltinToolsOptions, createBuiltinTools } from './create-builtin-tools.ts';
import { startTestServer, type TestServer, testContext } from './start-test-server.ts';
import type { ResolveHost } from './vet-destination.ts';

// Every *.test name resolves to the local server, so tests can use names without touching real DNS.
const resolveTestNames: ResolveHost = async (hostname) => {
  if (hostname.endsWith('.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unknown test host ${hostname}`), { code: 'ENOTFOUND' });
};

function tools(http: Partial<BuiltinToolsOptions['http']> = {}, extra: Partial<BuiltinToolsOptions> = {}) {
  return createBuiltinTools({
    root: '.',
    http: { allowPrivate: false, allowHosts: [], ...http },
    resolveHost: resolveTestNames,
    ...extra,
  });
}

function fetchWith(source: ReturnType<typeof tools>, input: Json, signal?: AbortSignal): Promise<ToolOutcome> {
  return source.call('http_request', input, testContext(signal));
}

function output(outcome: ToolOutcome): { [key: string]: Json } {
  assert.ok(outcome.ok, `expected success, got ${outcome.ok ? '' : outcome.error}`);
  return outcome.output as { [key: string]: Json };
}

function failure(outcome: ToolOutcome): string {
  assert.ok(!outcome.ok, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

let server: TestServer;
before(async () => {
  server = await startTestServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const port = server.port;
    if (path === '/hello') {
      response.setHeader('set-cookie', 'session=abc');
      response.setHeader('x-internal', 'nope');
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end('hello there');
    } else if (path === '/echo') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, headers: request.headers, body: request.body }));
    } else if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      response.writeHead(n === 0 ? 200 : 302, n === 0 ? {} : { location: `/hop/${n - 1}` });
      response.end(n === 0 ? 'landed' : '');
    } else if (path === '/to-loopback') {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/hello` }).end();
    } else if (path === '/to-other-origin') {
      response.writeHead(302, { location: `http://b.test:${port}/echo` }).end();
    } else if (path === '/to-same-origin') {
      response.writeHead(302, { location: '/echo' }).end();
    } else if (path === '/see-other' || path === '/temporary' || path === '/found') {
      const status = { '/see-other': 303, '/temporary': 307, '/found': 302 }[path];
      response.writeHead(status, { location: '/echo' }).end();
    } else if (path === '/big') {
      response.setHeader('content-type', 'text/plain');
      response.end('x'.repeat(10_000));
    } else if (path === '/bomb') {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      response.end(gzipSync(Buffer.alloc(20 * 1024 * 1024, 'a')));
    } else if (path === '/gzip') {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      response.end(gzipSync('compressed hello'));
    } else if (path === '/binary') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0, 1]));
    } else if (path === '/hang') {
      // Never answers: the tool's timeout or abort must end the call.
    } else if (path === '/hang-body') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
    } else {
      response.writeHead(404).end('not found');
    }
  });
});
after(() => server.close());

describe('http_request network policy', () => {
  const blocked: Array<[string, string]> = [
    ['http://127.0.0.1:PORT/hello', 'blocked: 127.0.0.1 is a loopback address; allow it in brigade.yaml'],
    ['http://localhost:PORT/hello', 'blocked: localhost is a loopback address'],
    ['http://2130706433:PORT/hello', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1:PORT/hello', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1:PORT/hello', '127.0.0.1 is a loopback address'],
    ['http://127.1:PORT/hello', '127.0.0.1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]:PORT/hello', 'IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['http://[::1]:PORT/hello', '::1 is a loopback address'],
    ['http://0.0.0.0:PORT/hello', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata host'],
    ['http://10.1.2.3/', 'private'],
  ];
  for (const [template, expected] of blocked) {
    test(`blocks ${template}`, async () => {
      const before = server.seen.length;
      const error = failure(await fetchWith(tools(), { url: template.replace('PORT', String(server.port)) }));
      assert.ok(error.includes(expected), error);
      assert.equal(server.seen.length, before, 'the server must not be reached');
    });
  }

  test('allow_private lets the local server through, with a safe subset of headers', async () => {
    const result = output(await fetchWith(tools({ allowPrivate: true }), { url: `${server.origin}/hello` }));
    assert.equal(result.status, 200);
    assert.equal(result.body, 'hello there');
    assert.equal(result.url, `${server.origin}/hello`);
    assert.equal(result.truncated, false);
    const headers = result.headers as { [key: string]: Json };
    assert.equal(headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(headers['set-cookie'], undefined);
    assert.equal(headers['x-internal'], undefined);
  });

  test('allow_private still blocks cloud metadata', async () => {
    const error = failure(await fetchWith(tools({ allowPrivate: true }), { url: 'http://169.254.169.254/' }));
    assert.match(error, /cloud metadata stays blocked even with allow_private/);
  });

  test('allow_hosts lets exact hosts and *.suffix names through, and nothing else', async () => {
    const exact = tools({ allowHosts: ['127.0.0.1'] });
    assert.equal(output(await fetchWith(exact, { url: `${server.origin}/hello` })).status, 200);
    const wildcard = tools({ allowHosts: ['*.test'] });
    assert.equal(output(await fetchWith(wildcard, { url: `http://api.test:${server.port}/hello` })).status, 200);
    assert.match(failure(await fetchWith(wildcard, { url: `${server.origin}/hello` })), /loopback/);
    const real = tools({ allowHosts: ['localhost'] }, { resolveHost: undefined });
    assert.equal(output(await fetchWith(real, { url: `http://localhost:${server.port}/hello` })).status, 200);
  });

  test('a name resolving to a private address is blocked, even when another address is public', async () => {
    const resolveHost: ResolveHost = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const error = failure(await fetchWith(tools({}, { resolveHost }), { url: 'http://mixed.example/' }));
    assert.match(error, /^blocked: mixed\.example resolves to 10\.0\.0\.7, which is a private address/);
  });

  test('connects to the vetted address, not to a later DNS answer (rebinding)', async () => {
    // Same port on two loopback addresses: only the address decides which server answers.
    const vetted = await startTestServer((_request, response) => response.end('vetted'), '127.0.0.1');
    const rebound = await startTestServer((_request, response) => response.end('rebound'), '127.0.0.2', vetted.port);
    let lookups = 0;
    const resolveHost: ResolveHost = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    try {
      const source = tools({ allowHosts: ['rebind.test'] }, { resolveHost });
      const result = output(await fetchWith(source, { url: `http://rebind.test:${vetted.port}/` }));
      assert.equal(result.body, 'vetted');
      assert.equal(lookups, 1, 'DNS is asked once per hop and the connection uses that answer');
      assert.equal(rebound.seen.length, 0);
      assert.equal(vetted.seen[0]?.headers.host, `rebind.test:${vetted.port}`);
    } finally {
      await rebound.close();
      await vetted.close();
    }
  });

  test('refuses schemes other than http and https, and credentials in the URL', async () => {
    assert.match(failure(await fetchWith(tools(), { url: 'file:///etc/passwd' })), /unsupported URL scheme "file:"/);
    assert.match(failure(await fetchWith(tools(), { url: 'http://u:p@a.test/' })), /credentials in the URL/);
  });
});

describe('http_request redirects', () => {
  const allowed = () => tools({ allowHosts: ['*.test'] });

  test('re-vets every hop: a redirect to a loopback address is blocked', async () => {
    const error = failure(await fetchWith(allowed(), { url: `http://a.test:${server.port}/to-loopback` }));
    assert.match(error, /^blocked: 127\.0\.0\.1 is a loopback address.*\(reached by redirect to http:\/\/127\.0\.0\.1/);
  });

  test('follows up to 5 redirects and gives up on the 6th', async () => {
    const five = output(await fetchWith(allowed(), { url: `http://a.test:${server.port}/hop/5` }));
    assert.equal(five.body, 'landed');
    assert.equal(five.url, `http://a.test:${server.port}/hop/0`);
    const six = failure(await fetchWith(allowed(), { url: `http://a.test:${server.port}/hop/6` }));
    assert.match(six, /too many redirects: stopped after 5/);
  });

  test('drops credentials on cross-origin hops and keeps them on same-origin ones', async () => {
    const headers = { Authorization: 'Bearer sekret-token', Cookie: 'sid=42abc', Accept: 'application/json' };
    const cross = output(await fetchWith(allowed(), { url: `http://a.test:${server.port}/to-other-origin`, headers }));
    const crossSeen = server.seen.at(-1);
    assert.equal(crossSeen?.headers.host, `b.test:${server.port}`);
    assert.equal(crossSeen?.headers.authorization, undefined);
    assert.equal(crossSeen?.headers.cookie, undefined);
    assert.equal(crossSeen?.headers.accept, 'application/json');
    assert.equal(cross.url, `http://b.test:${server.port}/echo`);

    const same = output(await fetchWith(allowed(), { url: `http://a.test:${server.port}/to-same-origin`, headers }));
    assert.equal(server.seen.at(-1)?.headers.authorization, 'Bearer sekret-token');
    // The echo server repeats the header back; the tool must not.
    assert.ok(!JSON.stringify(same).includes('sekret-token'));
    assert.ok(!JSON.stringify(same).includes('sid=42abc'));
    assert.match(String(same.body), /\[redacted\]/);
  });

  test('allows only GET and HEAD unless the workspace allows more methods', async () => {
    const url = `http://a.test:${server.port}/see-other`;
    const refused = await fetchWith(tools({ allowHosts: ['a.test'] }), { url, method: 'POST', body: { a: 1 } });
    assert.equal(refused.ok, false);
    assert.match(
      refused.ok ? '' : refused.error,
      /^POST requests are not allowed in this workspace: .*allowed: GET, HEAD\. .*tools\.http_request\.allow_methods/,
    );
    const head = await fetchWith(tools({ allowHosts: ['a.test'] }), {
      url: `http://a.test:${server.port}/`,
      method: 'HEAD',
    });
    assert.ok(head.ok);
  });

  test('303 and POST after 302 switch to GET without a body; 307 keeps method and body', async () => {
    for (const [path, method, body] of [
      ['/see-other', 'GET', ''],
      ['/found', 'GET', ''],
      ['/temporary', 'POST', '{"a":1}'],
    ]) {
      const result = output(
        await fetchWith(tools({ allowHosts: ['a.test'], allowMethods: ['GET', 'POST'] }), {
          url: `http://a.test:${server.port}${path}`,
          method: 'POST',
          body: { a: 1 },
        }),
      );
      const echoed = JSON.parse(String(result.body)) as { method: string; body: string };
      assert.deepEqual([path, echoed.method, echoed.body], [path, method, body]);
    }
  });
});

describe('http_request limits', () => {
  const local = (extra: Partial<BuiltinToolsOptions> = {}) => tools({ allowPrivate: true }, extra);

  test('cuts the body at maxResponseBytes and says so', async () => {
    const result = output(await fetchWith(local({ maxResponseBytes: 1000 }), { url: `${server.origin}/big` }));
    assert.equal(result.truncated, true);
    assert.ok(String(result.body).startsWith('x'.repeat(1000)));
    assert.match(String(result.body), /\[truncated: the response is longer than 1000 bytes/);
  });

  test('counts decompressed bytes, so a gzip bomb stops at the cap', async () => {
    const result = output(await fetchWith(local({ maxResponseBytes: 4096 }), { url: `${server.origin}/bomb` }));
    assert.equal(result.truncated, true);
    assert.ok(String(result.body).startsWith('a'.repeat(4096)));
    const small = output(await fetchWith(local(), { url: `${server.origin}/gzip` }));
    assert.equal(small.body, 'compressed hello');
  });

  test('times out when the server does not answer, or stops mid-body', async () => {
    for (const path of ['/hang', '/hang-body']) {
      const started = Date.now();
      const error = failure(await fetchWith(local({ fetchTimeoutMs: 200 }), { url: `${server.origin}${path}` }));
      assert.match(error, /timed out after 200 ms/);
      assert.ok(Date.now() - started < 2000);
    }
  });

  test('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    const error = failure(await fetchWith(local(), { url: `${server.origin}/hang` }, controller.signal));
    assert.match(error, /^cancelled/);
  });

  test('summarises binary bodies and sends nothing for HEAD', async () => {
    const binary = output(await fetchWith(local(), { url: `${server.origin}/binary` }));
    assert.equal(binary.body, '[binary body (image/png), 4 bytes not shown]');
    const head = output(await fetchWith(local(), { url: `${server.origin}/hello`, method: 'HEAD' }));
    assert.deepEqual([head.status, head.body], [200, '']);
  });

  test('reports unreachable servers as data', async () => {
    const closed = await startTestServer(() => {});
    await closed.close();
    const error = failure(await fetchWith(local(), { url: `${closed.origin}/` }));
    assert.match(error, /connection refused by 127\.0\.0\.1:\d+/);
  });
});

describe('http_request input', () => {
  const cases: Array<[Json, RegExp]> = [
    [{}, /`url` is required/],
    [{ url: 'http://a.test/', method: 'FETCH' }, /`method` must be one of "GET", "HEAD"/],
    [{ url: 'not a url' }, /not a valid absolute URL/],
    [{ url: 'http://a.test/', body: 'x' }, /a GET request cannot have a body/],
    [{ url: 'http://a.test/', headers: { Host: 'evil.test' } }, /"Host" is set by the tool/],
    [{ url: 'http://a.test/', headers: { 'X-A': 'one\r\nX-B: two' } }, /single-line/],
    [{ url: 'http://a.test/', headers: { 'X-A': 1 } }, /`headers.X-A` must be a string/],
    [{ url: 'http://a.test/', extra: true }, /unknown field `extra`/],
  ];
  for (const [input, expected] of cases) {
    test(`rejects ${JSON.stringify(input)}`, async () => {
      assert.match(failure(await fetchWith(tools(), input)), expected);
    });
  }
});
