import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFault, readRetryAfter, redactSecrets } from './classify-fault.ts';
import { knownProviders } from './known-providers.ts';
import { StreamFailure } from './read-model-stream.ts';

const context = {
  provider: knownProviders.find((provider) => provider.name === 'anthropic')!,
  baseUrl: 'https://api.anthropic.com/v1',
  signal: new AbortController().signal,
  secrets: ['sk-ant-very-secret-value'],
  now: () => 0,
};

test('errors a provider reports inside a stream are classified by their type', () => {
  const cases = {
    overloaded_error: ['overload', true],
    rate_limit_error: ['rate-limit', true],
    authentication_error: ['auth', false],
    invalid_request_error: ['bad-request', false],
    api_error: ['server', true],
  };
  for (const [type, [code, retryable]] of Object.entries(cases)) {
    const fault = classifyFault(new StreamFailure('error-part', false, { type, message: 'boom' }), context);
    assert.deepEqual([fault.code, fault.retryable], [code, retryable], type);
  }
  const late = classifyFault(
    new StreamFailure('error-part', true, { type: 'overloaded_error', message: 'Overloaded' }),
    context,
  );
  assert.match(late.message, /after partial output/);
});

test('retry-after headers: ms, seconds, HTTP date, garbage', () => {
  assert.equal(readRetryAfter({ 'Retry-After-Ms': '250.4' }, 0), 250);
  assert.equal(readRetryAfter({ 'retry-after': '3' }, 0), 3000);
  assert.equal(readRetryAfter({ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }, 1000), 4000);
  assert.equal(readRetryAfter({ 'retry-after': 'soon' }, 0), undefined);
  assert.equal(readRetryAfter({}, 0), undefined);
});

test('messages lose keys: known values, key-shaped tokens, bearer tokens, key parameters', () => {
  const message = redactSecrets(
    'bad key sk-ant-very-secret-value; also sk-proj-abcdefgh12 and Bearer abc.def and https://x/?key=AIzaSecret&b=1',
    context.secrets,
  );
  assert.equal(message, 'bad key [redacted]; also [redacted] and Bearer [redacted] and https://x/?key=[redacted]&b=1');
});

test('an error the gateway cannot place is unknown and final', () => {
  const fault = classifyFault(new RangeError('odd'), context);
  assert.deepEqual(fault, { code: 'unknown', message: 'the call to anthropic failed: odd', retryable: false });
});
