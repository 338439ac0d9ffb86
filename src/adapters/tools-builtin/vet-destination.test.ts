import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HttpPolicy, matchAllowedHost, type ResolveHost, vetDestination } from './vet-destination.ts';

const strict: HttpPolicy = { allowPrivate: false, allowHosts: [] };
const signal = new AbortController().signal;
const noDns: ResolveHost = async (hostname) => assert.fail(`DNS must not be asked for ${hostname}`);

async function vet(url: string | URL, policy = strict, resolveHost = noDns) {
  return vetDestination(typeof url === 'string' ? new URL(url) : url, policy, resolveHost, signal);
}

describe('vetDestination', () => {
  // WHATWG URL turns these into dotted decimal; the address check then sees 127.0.0.1.
  const oddLoopback = [
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f000001/',
    'http://0x7f.0.0.1/',
    'http://127.1/',
    'http://127.0.0.1./',
    'http://１２７.０.０.１/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
  ];
  for (const url of oddLoopback) {
    test(`blocks ${url} as loopback without asking DNS`, async () => {
      const result = await vet(url);
      assert.ok(!result.ok);
      assert.match(result.error, /^blocked: .*127\.0\.0\.1.*loopback address; allow it in brigade\.yaml/);
    });
  }

  test('refuses a numeric-looking host that is not a valid address (defence if URL parsing ever differs)', async () => {
    const odd = { protocol: 'http:', hostname: '0x7f.1.2.3.4', username: '', password: '' } as URL;
    const result = await vet(odd);
    assert.ok(!result.ok);
    assert.match(result.error, /unusual notation/);
  });

  test('blocks localhost names and metadata names before DNS', async () => {
    for (const url of ['http://localhost/', 'http://LOCALHOST./', 'http://app.localhost/']) {
      const result = await vet(url);
      assert.ok(!result.ok && /loopback/.test(result.error), url);
    }
    const metadata = await vet('http://metadata.google.internal/', { allowPrivate: true, allowHosts: [] });
    assert.ok(!metadata.ok && /cloud metadata host/.test(metadata.error));
  });

  test('vets every resolved address and pins them', async () => {
    const resolveHost: ResolveHost = async () => [
      { address: '2606:4700::1111', family: 6 },
      { address: '93.184.215.14', family: 4 },
    ];
    assert.deepEqual(await vet('https://example.org/', strict, resolveHost), {
      ok: true,
      host: 'example.org',
      addresses: [
        { address: '2606:4700::1111', family: 6 },
        { address: '93.184.215.14', family: 4 },
      ],
    });
    const rebinding: ResolveHost = async () => [{ address: '::ffff:169.254.169.254', family: 6 }];
    const result = await vet('https://evil.example/', { allowPrivate: true, allowHosts: [] }, rebinding);
    assert.ok(!result.ok);
    assert.match(
      result.error,
      /evil\.example resolves to ::ffff:169\.254\.169\.254, which is an IPv4-mapped form of 169\.254\.169\.254, a cloud metadata address/,
    );
  });

  test('reports DNS failures and empty answers as data', async () => {
    const failing: ResolveHost = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    const failed = await vet('http://nowhere.example/', strict, failing);
    assert.ok(!failed.ok && failed.error === 'could not resolve host nowhere.example (ENOTFOUND); check the URL');
    const empty = await vet('http://empty.example/', strict, async () => []);
    assert.ok(!empty.ok && /resolved to no addresses/.test(empty.error));
  });

  test('allow-listed hosts skip the address check; cloud metadata needs an exact entry', async () => {
    const policy = { allowPrivate: false, allowHosts: ['169.254.169.254', '[::1]', '*.corp.example'] };
    assert.ok((await vet('http://169.254.169.254/', policy)).ok);
    assert.ok((await vet('http://[::1]:8080/', policy)).ok);
    const internal: ResolveHost = async () => [{ address: '10.0.0.9', family: 4 }];
    assert.ok((await vet('http://wiki.corp.example/', policy, internal)).ok);
    const metadata: ResolveHost = async () => [{ address: '169.254.169.254', family: 4 }];
    const bySuffix = await vet('http://imds.corp.example/', policy, metadata);
    assert.ok(!bySuffix.ok && /cloud metadata address/.test(bySuffix.error));
  });
});

describe('matchAllowedHost', () => {
  test('matches exact hosts and subdomains of *.suffix, case- and dot-insensitively', () => {
    const allowHosts = ['api.local', '*.corp.example', 'Upper.Example.'];
    assert.equal(matchAllowedHost('api.local', allowHosts), 'exact');
    assert.equal(matchAllowedHost('API.LOCAL.', allowHosts), 'exact');
    assert.equal(matchAllowedHost('upper.example', allowHosts), 'exact');
    assert.equal(matchAllowedHost('a.b.corp.example', allowHosts), 'suffix');
    assert.equal(matchAllowedHost('corp.example', allowHosts), undefined);
    assert.equal(matchAllowedHost('evilcorp.example', allowHosts), undefined);
    assert.equal(matchAllowedHost('api.local.evil.example', allowHosts), undefined);
    assert.equal(matchAllowedHost('127.0.0.1', ['*.0.0.1', '*']), undefined);
  });
});
