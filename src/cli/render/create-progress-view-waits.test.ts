import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent, RunEventBody } from '../../spec/index.ts';
import { asRunId, asStepId, foldRun } from '../../spec/index.ts';
import { buildPlaybook } from '../../testing/build-playbook.ts';
import { createProgressView } from './create-progress-view.ts';
import { color } from './format.ts';

const at = 1_000_000;
const playbook = buildPlaybook({ lines: { forEach: { items: '{{ inputs.items }}' } } });
const step = asStepId('lines');

/** A fan-out of three lines: one answered, one waiting for the rate limit, one for a backoff. */
function logOf(): RunEvent[] {
  const bodies: RunEventBody[] = [
    { type: 'run-start', runId: asRunId('r-1'), playbook, inputs: {}, models: [], dryRun: false },
    { type: 'step-items', step, items: ['a', 'b', 'c'] },
    ...[0, 1, 2].map(
      (item): RunEventBody => ({ type: 'step-start', step, item, attempt: 1, agent: 'w', model: 'p:m' }),
    ),
    { type: 'slot-wait', step, item: 1, attempt: 1, turn: 0, key: 'p:m', reason: 'rate-limit' },
    { type: 'slot-wait', step, item: 2, attempt: 1, turn: 0, key: 'p:m', reason: 'concurrency' },
    { type: 'slot-wait', step, item: 2, attempt: 1, turn: 0, key: 'p:m', reason: 'backoff', expectedMs: 2_000 },
    {
      type: 'model-retry',
      step,
      item: 0,
      attempt: 1,
      turn: 0,
      key: 'p:m',
      error: { code: 'rate-limit', message: 'p answered HTTP 429', retryable: true },
      retryInMs: 2_000,
      backoffMs: 2_000,
      concurrency: 3,
    },
  ];
  return bodies.map((body, index) => ({ ...body, seq: index + 1, at }) as RunEvent);
}

describe('progress view: calls waiting for the governor', () => {
  it('in a terminal, shows which items wait and why', () => {
    const events = logOf();
    const state = foldRun(events);
    let screen = '';
    const view = createProgressView({
      write: (text) => {
        screen += text;
      },
      live: true,
      colors: color(false),
      now: () => at + 500,
      columns: 120,
    });
    view.start(state);
    view.stop();
    assert.match(screen, /lines .* 0\/3 done {5}2 waiting for the model \(rate-limit, backoff\)/);
    assert.match(screen, /⏸ {3}lines\[1\] .* wait: rate/);
    assert.match(screen, /⏸ {3}lines\[2\] .* backoff 1\.5s/);
    assert.doesNotMatch(screen, /lines\[0\] .* wait/);
  });

  it('in a log, one line per wait and per retried call', () => {
    const events = logOf();
    const state = foldRun(events);
    let log = '';
    const view = createProgressView({
      write: (text) => (log += text),
      live: false,
      colors: color(false),
      now: () => at,
    });
    for (const event of events.slice(5)) view.onEvent(event, state);
    assert.match(log, /wait {3}lines\[1\] for the rate limit of p:m\n/);
    assert.match(log, /wait {3}lines\[2\] for a slot of p:m \(its concurrency limit\)\n/);
    assert.match(log, /wait {3}lines\[2\] for p:m to back off \(2\.0s\)\n/);
    assert.match(
      log,
      /retry {2}lines\[0\]: p answered HTTP 429 → the call again in 2\.0s; p:m backs off 2\.0s, at most 3 at once\n/,
    );
  });

  it('in a log, a run watched after its calls began waiting says so at the start', () => {
    // A watcher that subscribes late (the run started its units before `brigade run` listened)
    // sees the waits from the state, not only from events it never got.
    const state = foldRun(logOf().slice(0, 8));
    let log = '';
    const view = createProgressView({
      write: (text) => (log += text),
      live: false,
      colors: color(false),
      now: () => at + 500,
    });
    view.start(state);
    assert.match(log, /start {2}lines\[1\] \(w, p:m\)\n.*wait {3}lines\[1\] for the rate limit of p:m\n/);
    assert.match(log, /wait {3}lines\[2\] for p:m to back off \(1\.5s\)\n/);
    assert.doesNotMatch(log, /wait {3}lines\[0\]/);
  });
});
