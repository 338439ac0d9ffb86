import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelFault, WaitReason } from '../../spec/index.ts';
import { createManualClock } from '../../testing/create-manual-clock.ts';
import { type CallLease, createGovernor, type SlotRequest } from './create-governor.ts';
import type { KeyLimits } from './key-state.ts';

const signal = new AbortController().signal;
const usage = { inputTokens: 10, outputTokens: 10 };

function setup(limits: KeyLimits = {}) {
  const manual = createManualClock(1_000_000);
  const governor = createGovernor({ clock: manual.clock, limitsFor: () => limits });
  const granted: string[] = [];
  const waits: Array<[string, WaitReason, number | undefined]> = [];
  const leases = new Map<string, CallLease>();
  /** Asks for a slot for call `name`; the lease lands in `leases` when granted. */
  const ask = (name: string, extra: Partial<SlotRequest> = {}) =>
    governor
      .acquire(
        {
          key: 'p:m',
          run: 'r1',
          priority: 0,
          tokens: () => 100,
          onWait: (reason, ms) => waits.push([name, reason, ms]),
          ...extra,
        },
        extra.key === 'abort' ? AbortSignal.abort() : signal,
      )
      .then((lease) => {
        granted.push(name);
        leases.set(name, lease);
        return lease;
      });
  return { ...manual, governor, granted, waits, leases, ask };
}

const fault = (code: ModelFault['code'], extra: Partial<ModelFault> = {}): ModelFault => ({
  code,
  message: code,
  retryable: !['auth', 'bad-request', 'quota'].includes(code),
  ...extra,
});

describe('governor: concurrency', () => {
  it('holds calls beyond the configured concurrency and lets the next go when one ends', async () => {
    const t = setup({ concurrency: 2 });
    for (const name of ['a', 'b', 'c', 'd']) void t.ask(name);
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b']);
    assert.deepEqual(
      t.waits.map(([name, reason]) => [name, reason]),
      [
        ['c', 'concurrency'],
        ['d', 'concurrency'],
      ],
    );
    t.leases.get('a')!.succeed({ usage });
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b', 'c']);
    assert.equal(t.governor.inspect('p:m').inFlight, 2);
    assert.equal(t.governor.inspect('p:m').waiting, 1);
  });

  it('starts a key without configured concurrency cautiously and grows while calls wait', async () => {
    const t = setup({ initialConcurrency: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) void t.ask(name);
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b']);
    t.leases.get('a')!.accept(undefined); // accepted calls grow the window by one each (slow start)
    t.leases.get('b')!.accept(undefined);
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b', 'c', 'd']);
    assert.equal(t.governor.inspect('p:m').concurrency, 4);
  });

  it('an aborted waiter leaves the queue without taking a slot', async () => {
    const t = setup({ concurrency: 1 });
    void t.ask('a');
    const controller = new AbortController();
    const waiting = t.governor.acquire({ key: 'p:m', run: 'r1', priority: 0, tokens: () => 1 }, controller.signal);
    void t.ask('c');
    controller.abort(new Error('gone'));
    await assert.rejects(waiting, /gone/);
    t.leases.get('a')!.succeed({ usage });
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'c']);
  });
});

describe('governor: rate limits', () => {
  it('paces requests per minute (a second of burst, then the rate, a little under it)', async () => {
    const t = setup({ requestsPerMinute: 120 }); // 2 a second, paced at 1.96: the burst holds 1.96 requests
    for (const name of ['a', 'b', 'c', 'd']) void t.ask(name);
    await t.settle();
    assert.deepEqual(t.granted, ['a']);
    assert.equal(t.waits[0]![1], 'rate-limit');
    await t.advance(21); // the rest of the burst: 0.04 of a request comes back in 21 ms
    assert.deepEqual(t.granted, ['a', 'b']);
    await t.advance(505);
    assert.deepEqual(t.granted, ['a', 'b'], 'then one request every 510 ms');
    await t.advance(5);
    assert.deepEqual(t.granted, ['a', 'b', 'c']);
    await t.advance(510);
    assert.deepEqual(t.granted, ['a', 'b', 'c', 'd']);
  });

  it('counts estimated tokens before a call and corrects them with the reported usage after it', async () => {
    const t = setup({ tokensPerMinute: 12_000 }); // a bucket of 196 tokens: one estimated call (100) leaves 96
    void t.ask('a');
    void t.ask('b');
    await t.settle();
    assert.deepEqual(t.granted, ['a']);
    t.leases.get('a')!.succeed({ usage: { inputTokens: 5, outputTokens: 5 } }); // used 10 of the 100 taken
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b'], 'the 90 tokens given back let the next call go at once');
  });

  it('learns limits from the headers the provider sent and keeps to them', async () => {
    const t = setup();
    void t.ask('a');
    await t.settle();
    t.leases.get('a')!.accept({ requests: { limit: 60, remaining: 0, resetMs: 1000 } });
    assert.equal(t.governor.inspect('p:m').requestsPerMinute, 60);
    for (const name of ['b', 'c']) void t.ask(name);
    await t.settle();
    assert.deepEqual(t.granted, ['a'], 'the provider said none are left');
    assert.deepEqual(
      t.waits.map(([name, reason]) => [name, reason]),
      [
        ['b', 'rate-limit'],
        ['c', 'rate-limit'],
      ],
    );
    await t.advance(1_000);
    assert.deepEqual(t.granted, ['a'], 'at 60 a minute less 2 %, a request takes 1,020 ms to come back');
    await t.advance(30);
    assert.deepEqual(t.granted, ['a', 'b']);
    await t.advance(1_030);
    assert.deepEqual(t.granted, ['a', 'b', 'c']);
  });

  it('a header counts the calls granted after the one it came with (the provider had not seen them)', async () => {
    const t = setup({ requestsPerMinute: 6_000 }); // 100 a second: plenty, by our own count
    for (const name of ['a', 'b', 'c']) void t.ask(name);
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b', 'c']);
    t.leases.get('a')!.accept({ requests: { remaining: 2 } }); // after a: 2 left; b and c took them
    void t.ask('d');
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b', 'c']);
    await t.advance(11);
    assert.deepEqual(t.granted, ['a', 'b', 'c', 'd']);
  });

  it('without a known limit, "none left" holds the key until the reset', async () => {
    const t = setup();
    void t.ask('a');
    await t.settle();
    t.leases.get('a')!.succeed({ usage, rateLimit: { tokens: { remaining: 0, resetMs: 5_000 } } });
    void t.ask('b');
    await t.advance(4_999);
    assert.deepEqual(t.granted, ['a']);
    await t.advance(1);
    assert.deepEqual(t.granted, ['a', 'b']);
  });
});

describe('governor: faults', () => {
  it('a 429 holds the whole key: waiting calls hear of the backoff and go out only after it', async () => {
    const t = setup({ concurrency: 2 });
    for (const name of ['a', 'b', 'c', 'd']) void t.ask(name);
    await t.settle();
    const verdict = t.leases.get('a')!.fail(fault('rate-limit', { retryAfterMs: 2_000 }), 0);
    t.leases.get('b')!.succeed({ usage });
    assert.deepEqual([verdict.retry, verdict.retryInMs, verdict.backoffMs], [true, 2_000, 2_000]);
    await t.settle();
    assert.deepEqual(t.granted, ['a', 'b'], 'the freed slots are not used during the backoff');
    assert.deepEqual(
      t.waits.filter(([, reason]) => reason === 'backoff'),
      [
        ['c', 'backoff', 2_000],
        ['d', 'backoff', 2_000],
      ],
    );
    void t.ask('e');
    await t.settle();
    assert.deepEqual(t.waits.at(-1)!.slice(0, 2), ['e', 'backoff'], 'a newcomer waits for the backoff too');
    await t.advance(1_999);
    assert.deepEqual(t.granted, ['a', 'b']);
    await t.advance(1);
    assert.deepEqual(t.granted.slice(0, 3), ['a', 'b', 'c']);
  });

  it('without retry-after, backs off exponentially per consecutive fault, and a success resets it', async () => {
    const t = setup({ concurrency: 1 });
    void t.ask('a');
    await t.settle();
    assert.equal(t.leases.get('a')!.fail(fault('overload'), 0).backoffMs, 1_000);
    void t.ask('b');
    await t.advance(1_000);
    assert.equal(t.leases.get('b')!.fail(fault('overload'), 1).backoffMs, 2_000);
    void t.ask('c');
    await t.advance(2_000);
    t.leases.get('c')!.succeed({ usage });
    void t.ask('d');
    await t.settle();
    assert.equal(t.leases.get('d')!.fail(fault('overload'), 0).backoffMs, 1_000);
  });

  it('an overload shrinks the concurrency window once per event (its echoes do not), and success grows it back', async () => {
    const t = setup({ concurrency: 10 });
    const names = Array.from({ length: 14 }, (_, index) => `c${index}`);
    for (const name of names) void t.ask(name);
    await t.settle();
    for (const name of names.slice(0, 10)) t.leases.get(name)!.accept(undefined);
    // c0 is refused while 9 others were accepted: 9 × 0.7 → 6. c1's refusal came from the same moment.
    const first = t.leases.get('c0')!.fail(fault('overload', { retryAfterMs: 100 }), 0);
    const echo = t.leases.get('c1')!.fail(fault('overload', { retryAfterMs: 100 }), 0);
    assert.equal(first.concurrency, 6);
    assert.equal(echo.concurrency, undefined);
    assert.equal(t.governor.inspect('p:m').concurrency, 6);
    await t.advance(100);
    assert.equal(t.granted.length, 10, '8 still in flight, over the window of 6: nothing more goes out');
    for (const name of names.slice(2, 10)) t.leases.get(name)!.succeed({ usage });
    await t.settle();
    assert.equal(t.granted.length, 14, 'the 4 waiting calls went out');
    assert.ok(t.governor.inspect('p:m').concurrency >= 6);
  });

  it('a 429 whose headers say the rate is used up does not shrink concurrency', async () => {
    const t = setup({ concurrency: 4 });
    for (const name of ['a', 'b']) void t.ask(name);
    await t.settle();
    const verdict = t.leases
      .get('a')!
      .fail(fault('rate-limit', { retryAfterMs: 50, rateLimit: { requests: { limit: 60, remaining: 0 } } }), 0);
    assert.equal(verdict.concurrency, undefined);
    assert.equal(t.governor.inspect('p:m').concurrency, 4);
    assert.equal(t.governor.inspect('p:m').requestsPerMinute, 60);
  });

  it('final faults are not retried, nor is a call that already streamed part of its answer', async () => {
    const t = setup();
    const calls = ['auth', 'quota', 'bad-request', 'cut', 'server', 'rate-limit'];
    for (const name of calls) void t.ask(name);
    await t.settle();
    const verdicts = {
      auth: t.leases.get('auth')!.fail(fault('auth'), 0),
      quota: t.leases.get('quota')!.fail(fault('quota'), 0),
      'bad-request': t.leases.get('bad-request')!.fail(fault('bad-request'), 0),
      cut: t.leases.get('cut')!.fail(fault('stream-cut', { partialOutput: true }), 0),
      server: t.leases.get('server')!.fail(fault('server'), 0),
      'rate-limit': t.leases.get('rate-limit')!.fail(fault('rate-limit', { retryAfterMs: 10 }), 0),
    };
    assert.deepEqual(
      Object.entries(verdicts).map(([name, verdict]) => [name, verdict.retry]),
      [
        ['auth', false],
        ['quota', false],
        ['bad-request', false],
        ['cut', false],
        ['server', true],
        ['rate-limit', true],
      ],
    );
    assert.equal(verdicts.server.delayMs, 1_000, 'a 5xx waits on its own, the key is not held');
    assert.equal(t.governor.inspect('p:m').inFlight, 0);
  });
});

describe('governor: fairness', () => {
  it('serves waiting runs in turn: a huge fan-out does not starve a small run', async () => {
    const t = setup({ concurrency: 1 });
    void t.ask('hold');
    for (let index = 0; index < 6; index++) void t.ask(`big${index}`, { run: 'big' });
    for (let index = 0; index < 2; index++) void t.ask(`small${index}`, { run: 'small' });
    await t.settle();
    for (let round = 0; round < 8; round++) {
      t.leases.get(t.granted.at(-1)!)!.succeed({ usage });
      await t.settle();
    }
    assert.deepEqual(t.granted, ['hold', 'big0', 'small0', 'big1', 'small1', 'big2', 'big3', 'big4', 'big5']);
  });

  it('within a run, calls of steps on the critical path go first', async () => {
    const t = setup({ concurrency: 1 });
    void t.ask('hold');
    void t.ask('leaf', { priority: 10_000 });
    void t.ask('critical', { priority: 30_002 });
    void t.ask('middle', { priority: 20_001 });
    await t.settle();
    for (let round = 0; round < 3; round++) {
      t.leases.get(t.granted.at(-1)!)!.succeed({ usage });
      await t.settle();
    }
    assert.deepEqual(t.granted, ['hold', 'critical', 'middle', 'leaf']);
  });

  it('a retried call keeps its place in the queue', async () => {
    const t = setup({ concurrency: 1 });
    const first = await t.ask('first');
    void t.ask('second');
    await t.settle();
    first.fail(fault('rate-limit', { retryAfterMs: 10 }), 0);
    void t.ask('first-again', { seq: first.seq });
    await t.advance(10);
    assert.deepEqual(t.granted, ['first', 'first-again']);
  });
});
