// The CLI as a person and a script use it: `node src/cli/main.ts …` in temp folders, with a clean
// env, asserting on exit codes, stdout/stderr and the event log `show --json` prints.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunEvent, RunSummary } from '../src/spec/index.ts';
import { type OpenAICompatibleServer, startOpenAICompatibleServer } from '../src/testing/openai-compatible-server.ts';
import { createTempDirs, describeResult, parseJson, runBrigade, spawnBrigade, writeFiles } from './run-brigade.ts';

/** What `run --json` prints. */
interface RunResult {
  runId: string;
  playbook: string | null;
  status: string;
  output: unknown;
  error: { code: string; message: string; retryable: boolean } | null;
  simulated: boolean;
  wallMs: number;
  stepMs: number;
  speedup: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  modelCalls: number;
}

/** What `show --json` prints. */
interface ShowResult {
  run: RunSummary;
  state: { runId: string; status: string; inputs: Record<string, unknown> };
  events: RunEvent[];
}

const temp = createTempDirs('brigade-cli-');
after(() => temp.removeAll());

/** A small workspace on the simulator: a fan-in playbook, a failing agent, a playbook with typed inputs. */
const teamFiles: Record<string, string> = {
  'brigade.yaml': 'model: simulator:default\nconcurrency: 4\nsimulator:\n  latency_ms: 5\n',
  'agents/writer.yaml': 'role: writer\ninstructions: Write briefly.\n',
  'agents/flaky.yaml':
    'role: flaky\ninstructions: Always fails.\nsimulate: { fail: { times: 5, error: bad-request } }\n',
  'playbooks/hello.yaml': `name: hello
description: two steps side by side, then one that joins them
steps:
  left: { agent: writer, task: "left side" }
  right: { agent: writer, task: "right side" }
  join: { agent: writer, needs: [left, right], task: "join {{ steps.left.output }} and {{ steps.right.output }}" }
output: "{{ steps.join.output }}"
`,
  'playbooks/fails.yaml': `name: fails
steps:
  intro: { agent: writer, task: "introduce" }
  broken: { agent: flaky, needs: [intro], task: "break" }
  after: { agent: writer, needs: [broken], task: "after {{ steps.broken.status }}" }
output: "{{ steps.after.output }}"
`,
  'playbooks/tolerant.yaml': `name: tolerant
steps:
  broken: { agent: flaky, task: "break", on_error: continue }
  after: { agent: writer, needs: [broken], task: "after {{ steps.broken.status }}" }
output: "{{ steps.after.output }}"
`,
  'playbooks/params.yaml': `name: params
inputs:
  topic: { type: string }
  count: { type: number, default: 2 }
steps:
  say: { agent: writer, task: "write {{ inputs.count }} lines on {{ inputs.topic }}" }
output: "{{ inputs.topic }} x{{ inputs.count }}"
`,
};

function teamWorkspace(): string {
  const dir = temp.create();
  writeFiles(dir, teamFiles);
  return dir;
}

describe('init and validate', () => {
  it('init <dir> writes a workspace that validates and lists its playbooks', async () => {
    const cwd = temp.create();
    const init = await runBrigade(['init', 'team'], { cwd });
    assert.equal(init.code, 0, describeResult(init));
    assert.match(init.stdout, /created a Brigade workspace in .*team/);
    assert.ok(existsSync(join(cwd, 'team', 'brigade.yaml')));

    const validate = await runBrigade(['validate'], { cwd: join(cwd, 'team') });
    assert.equal(validate.code, 0, describeResult(validate));
    assert.match(validate.stdout, /is valid: \d+ agents, 3 playbooks/);
    assert.match(validate.stdout, /^ {2}content-launch \(8 steps; inputs: topic, segments\)/m);
    assert.match(validate.stdout, /^ {2}lead-triage \(8 steps; inputs: lead\)/m);

    const json = await runBrigade(['validate', '--json', '-w', 'team'], { cwd });
    assert.equal(json.code, 0, describeResult(json));
    const report = parseJson<{ ok: boolean; playbooks: string[]; issues: unknown[] }>(json);
    assert.equal(report.ok, true);
    assert.deepEqual(report.playbooks.sort(), ['campaign-plan', 'content-launch', 'lead-triage']);
    assert.deepEqual(report.issues, []);
  });

  it('init refuses a folder that already is a workspace, and leaves it as it was', async () => {
    const cwd = temp.create();
    assert.equal((await runBrigade(['init', 'team'], { cwd })).code, 0);
    const config = join(cwd, 'team', 'brigade.yaml');
    writeFileSync(config, 'model: simulator:default\n# edited by hand\n');
    const again = await runBrigade(['init', 'team'], { cwd });
    assert.notEqual(again.code, 0);
    assert.equal(again.code, 2, describeResult(again));
    assert.match(again.stderr, /already has a brigade\.yaml; refusing to overwrite it/);
    assert.match(again.stderr, /hint: /);
    assert.equal(readFileSync(config, 'utf8'), 'model: simulator:default\n# edited by hand\n');
  });

  /** A valid base plus one broken file; validate must exit 2 and print exactly the expected issue. */
  const broken: Array<[string, Record<string, string>, string[]]> = [
    [
      'an unknown agent, with did-you-mean',
      {
        'playbooks/typo.yaml': `name: typo
steps:
  intro: { agent: writer, task: "hi" }
  draft:
    agent: writr
    task: "write"
`,
      },
      ['playbooks/typo.yaml:5:12 steps.draft.agent: unknown agent "writr"', 'hint: did you mean "writer"?'],
    ],
    [
      'a cycle, named step by step',
      {
        'playbooks/loop.yaml': `name: loop
steps:
  start: { agent: writer, task: "start" }
  a: { agent: writer, needs: [b], task: "a" }
  b: { agent: writer, needs: [a], task: "b" }
`,
      },
      ['playbooks/loop.yaml:4:30 steps.a.needs: steps form a cycle: a → b → a'],
    ],
    [
      'a template reading an undeclared input and a step that is not upstream',
      {
        'playbooks/tmpl.yaml': `name: tmpl
inputs:
  topic: { type: string, default: launch }
steps:
  a: { agent: writer, task: "about {{ inputs.topc }}" }
  b: { agent: writer, task: "from {{ steps.a.output }}" }
`,
      },
      [
        'playbooks/tmpl.yaml:5:39 steps.a.task: unknown input "topc"',
        'hint: did you mean "topic"?',
        'playbooks/tmpl.yaml:6:38 steps.b.task: step "a" is not upstream of "b"',
        'hint: add "a" to needs',
      ],
    ],
    [
      'an unknown tool',
      { 'agents/reader.yaml': 'role: reader\ninstructions: Read.\ntools: [read_fil]\n' },
      ['agents/reader.yaml:3:9 tools[0]: unknown tool "read_fil"', 'hint: did you mean "read_file"?'],
    ],
  ];
  for (const [name, files, expected] of broken) {
    it(`validate reports ${name} as file:line:col path: message, exit 2`, async () => {
      const dir = temp.create();
      writeFiles(dir, {
        'brigade.yaml': 'model: simulator:default\n',
        'agents/writer.yaml': 'role: writer\ninstructions: Write.\n',
        ...files,
      });
      const result = await runBrigade(['validate'], { cwd: dir });
      assert.equal(result.code, 2, describeResult(result));
      assert.equal(result.stdout, '');
      const problems = expected.filter((line) => !line.startsWith('hint:')).length;
      const noun = problems === 1 ? 'problem' : 'problems';
      assert.match(result.stderr, new RegExp(`^error: the workspace at .* has ${problems} ${noun}$`, 'm'));
      // Each expected line appears in order, the hints right under their issue.
      const lines = result.stderr.split('\n').map((line) => line.trim());
      let at = lines.findIndex((line) => line.startsWith(expected[0]!));
      assert.ok(at >= 0, `"${expected[0]}" in:\n${result.stderr}`);
      for (const line of expected.slice(1)) {
        at++;
        assert.ok(lines[at]?.startsWith(line), `"${line}" at line ${at} of:\n${result.stderr}`);
      }
    });
  }
});

describe('run on the simulator', () => {
  let workspace: string;
  before(async () => {
    const cwd = temp.create();
    const init = await runBrigade(['init', 'team'], { cwd });
    assert.equal(init.code, 0, describeResult(init));
    workspace = join(cwd, 'team');
  });

  it('run --dry-run --json pauses for the review, and approve --json finishes with the result as JSON', async () => {
    const paused = await runBrigade(['run', 'content-launch', '--dry-run', '--json', '--sim-latency', '5'], {
      cwd: workspace,
    });
    assert.equal(paused.code, 6, describeResult(paused));
    const first = parseJson<RunResult & { pause: { reason: string; waitingFor: string[] } }>(paused);
    assert.equal(first.status, 'paused');
    assert.deepEqual(first.pause, { reason: 'approval', waitingFor: ['review'] });
    const result = await runBrigade(['approve', first.runId, 'review', '--json'], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    const json = parseJson<RunResult>(result);
    assert.equal(json.runId, first.runId);
    assert.equal(json.playbook, 'content-launch');
    assert.equal(json.status, 'succeeded');
    assert.equal(json.error, null);
    const output = json.output as { summary: string; attribution: Record<string, { agent: string }> };
    assert.match(output.summary, /^\[simulated\] .*Assemble the launch kit/);
    assert.deepEqual(
      Object.fromEntries(Object.entries(output.attribution).map(([label, source]) => [label, source.agent])),
      { draft: 'writer', check: 'fact-checker', review: 'person' },
      'each merged part says where it came from',
    );
    assert.equal(json.simulated, true);
    assert.ok(json.inputTokens > 0 && json.outputTokens > 0, 'tokens are counted');
    assert.ok(json.modelCalls >= 9, `one call per unit at least (9 units), got ${json.modelCalls}`);
    assert.equal(json.costUsd, 0);
    assert.ok(json.wallMs > 0 && json.stepMs > 0);
    assert.equal(json.speedup, Number((json.stepMs / json.wallMs).toFixed(3)));
  });

  it('run without --json: SIMULATED warning with model and reason, summary figures, output on stdout', async () => {
    const result = await runBrigade(['run', 'lead-triage', '--sim-latency', '5'], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, /^▶ run lead-triage · r-[a-z0-9]+$/m);
    assert.match(
      result.stderr,
      /^⚠ openai:gpt-5-mini(, [\w:.-]+)* (is|are) SIMULATED \(no OPENAI_API_KEY in the environment\): outputs are placeholders/m,
    );
    assert.match(result.stderr, /^✓ succeeded in /m);
    assert.match(result.stderr, /wall time \S+ · step time \S+ · parallel speedup \d+\.\d×/);
    assert.match(result.stderr, /\d+ model calls · tokens [\d,]+ in \/ [\d,]+ out · cost \$0\.0000/);
    assert.match(result.stdout, /^Tier: \w+ \(score \d+\)$/m, 'the output goes to stdout');
    assert.doesNotMatch(result.stdout, /SIMULATED|wall time/, 'progress and summary stay on stderr');
  });
});

describe('run inputs', () => {
  let workspace: string;
  before(() => {
    workspace = teamWorkspace();
  });

  const invalid: Array<[string, string[], RegExp[]]> = [
    [
      'an unknown input, with did-you-mean',
      ['--input', 'topc=x'],
      [/--input topc: unknown input "topc" for playbook params/, /hint: did you mean "topic"\?/],
    ],
    [
      'a value that does not fit the type',
      ['--input', 'topic=a', '--input', 'count=abc'],
      [/--input count: expected a number, got "abc"/],
    ],
    ['--input without =', ['--input', 'topic'], [/--input "topic" is not key=value/, /hint: e\.g\. --input/]],
    ['a missing required input', [], [/--input topic: missing required input "topic"/]],
  ];
  for (const [name, args, messages] of invalid) {
    it(`${name}: exit 2 and nothing runs`, async () => {
      const result = await runBrigade(['run', 'params', ...args], { cwd: workspace });
      assert.equal(result.code, 2, describeResult(result));
      for (const message of messages) assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /internal error/);
    });
  }

  it('--input-file reads JSON and YAML, typed; --input given after it wins', async () => {
    writeFiles(workspace, {
      'in.json': '{ "topic": "json topic", "count": 3 }',
      'in.yaml': 'topic: yaml topic\ncount: 4.5\n',
    });
    const fromJson = await runBrigade(['run', 'params', '--json', '--input-file', 'in.json'], { cwd: workspace });
    assert.equal(fromJson.code, 0, describeResult(fromJson));
    assert.equal(parseJson<RunResult>(fromJson).output, 'json topic x3');
    const fromYaml = await runBrigade(['run', 'params', '--json', '--input-file', 'in.yaml'], { cwd: workspace });
    assert.equal(fromYaml.code, 0, describeResult(fromYaml));
    assert.equal(parseJson<RunResult>(fromYaml).output, 'yaml topic x4.5');
    const both = await runBrigade(['run', 'params', '--json', '--input-file', 'in.yaml', '--input', 'count=7'], {
      cwd: workspace,
    });
    assert.equal(both.code, 0, describeResult(both));
    const runId = parseJson<RunResult>(both).runId;
    assert.equal(parseJson<RunResult>(both).output, 'yaml topic x7');
    const shown = parseJson<ShowResult>(await runBrigade(['show', runId, '--json'], { cwd: workspace }));
    assert.deepEqual(shown.state.inputs, { topic: 'yaml topic', count: 7 }, 'count=7 is coerced to a number');
  });
});

describe('not found and usage errors', () => {
  let workspace: string;
  before(() => {
    workspace = teamWorkspace();
  });

  it('an unknown playbook exits 4 with a did-you-mean hint', async () => {
    const result = await runBrigade(['run', 'helo'], { cwd: workspace });
    assert.equal(result.code, 4, describeResult(result));
    assert.match(result.stderr, /error: no playbook named "helo"\n {2}hint: did you mean "hello"\?/);
  });

  for (const command of ['show', 'resume', 'cancel']) {
    it(`${command} of an unknown run exits 4`, async () => {
      const result = await runBrigade([command, 'r-doesnotexist'], { cwd: workspace });
      assert.equal(result.code, 4, describeResult(result));
      assert.match(result.stderr, /error: no run r-doesnotexist\n {2}hint: list runs with `brigade runs`/);
    });
  }

  it('an unknown command exits 2 and shows the usage', async () => {
    const result = await runBrigade(['frobnicate'], { cwd: workspace });
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /error: unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage: brigade <command>/);
  });

  it('without a workspace, commands exit 4 with a hint to brigade init', async () => {
    const empty = temp.create();
    for (const args of [['validate'], ['run', 'hello'], ['runs']]) {
      const result = await runBrigade(args, { cwd: empty });
      assert.equal(result.code, 4, `${args.join(' ')}: ${describeResult(result)}`);
      assert.match(result.stderr, /error: no brigade\.yaml in .* or any folder above it/);
      assert.match(result.stderr, /hint: create a workspace with `brigade init my-workspace`/);
    }
    const explicit = await runBrigade(['validate', '-w', 'nowhere'], { cwd: empty });
    assert.equal(explicit.code, 4, describeResult(explicit));
    assert.match(
      explicit.stderr,
      /nowhere has no brigade\.yaml\n {2}hint: create a workspace there with `brigade init nowhere`/,
    );
  });
});

describe('runs and show', () => {
  let workspace: string;
  const ids: string[] = [];
  before(async () => {
    workspace = teamWorkspace();
    for (const playbook of ['hello', 'fails', 'hello']) {
      const result = await runBrigade(['run', playbook, '--json'], { cwd: workspace });
      ids.push(parseJson<RunResult>(result).runId);
    }
  });

  it('runs --json lists the runs newest first; --status filters', async () => {
    const all = await runBrigade(['runs', '--json'], { cwd: workspace });
    assert.equal(all.code, 0, describeResult(all));
    const runs = parseJson<RunSummary[]>(all);
    assert.deepEqual(
      runs.map((run) => [run.id, run.playbook, run.status]),
      [
        [ids[2], 'hello', 'succeeded'],
        [ids[1], 'fails', 'failed'],
        [ids[0], 'hello', 'succeeded'],
      ],
    );
    for (const run of runs) assert.ok(run.endedAt !== undefined && run.endedAt >= run.startedAt);

    const failed = parseJson<RunSummary[]>(
      await runBrigade(['runs', '--json', '--status', 'failed'], { cwd: workspace }),
    );
    assert.deepEqual(
      failed.map((run) => run.id),
      [ids[1]],
    );
    const succeeded = parseJson<RunSummary[]>(
      await runBrigade(['runs', '--json', '--status', 'succeeded'], { cwd: workspace }),
    );
    assert.deepEqual(
      succeeded.map((run) => run.id),
      [ids[2], ids[0]],
    );
    const bogus = await runBrigade(['runs', '--status', 'done'], { cwd: workspace });
    assert.equal(bogus.code, 2, describeResult(bogus));
    assert.match(bogus.stderr, /--status "done" is not a run status/);
  });

  it('show --json prints { run, state, events } with events seq 1..n ending in run-end', async () => {
    const result = await runBrigade(['show', ids[0]!, '--json'], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    const shown = parseJson<ShowResult>(result);
    assert.deepEqual(Object.keys(shown).sort(), ['events', 'run', 'state']);
    assert.equal(shown.run.id, ids[0]);
    assert.equal(shown.state.runId, ids[0]);
    assert.equal(shown.state.status, 'succeeded');
    assert.deepEqual(
      shown.events.map((event) => event.seq),
      shown.events.map((_, index) => index + 1),
    );
    assert.equal(shown.events[0]!.type, 'run-start');
    const end = shown.events.at(-1)!;
    assert.equal(end.type, 'run-end');
    assert.equal(end.type === 'run-end' && end.status, 'succeeded');
    assert.equal(shown.run.lastSeq, shown.events.length);
    const ended = shown.events.flatMap((event) => (event.type === 'step-end' ? [event.step] : []));
    assert.deepEqual(ended.sort(), ['join', 'left', 'right']);
  });

  it('show prints the steps, the timeline, the summary and the output', async () => {
    const result = await runBrigade(['show', ids[0]!], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, new RegExp(`^▶ run hello · ${ids[0]}$`, 'm'));
    for (const step of ['left', 'right', 'join']) {
      assert.match(result.stdout, new RegExp(`^${step} +writer +simulator:default +succeeded +1 `, 'm'), step);
      assert.match(result.stdout, new RegExp(`^ {2}${step} +▕[ █]+▏ \\S+$`, 'm'), `timeline bar of ${step}`);
    }
    assert.match(result.stdout, /^✓ succeeded in /m);
    assert.match(result.stdout, /wall time .* · step time .* · parallel speedup/);
    assert.match(result.stdout, /\nOutput\n\[simulated simulator:default\] .*join/);
  });
});

describe('failing runs', () => {
  let workspace: string;
  before(() => {
    workspace = teamWorkspace();
  });

  it('a step that fails fails the run: exit 1, and show names the step', async () => {
    const result = await runBrigade(['run', 'fails', '--json'], { cwd: workspace });
    assert.equal(result.code, 1, describeResult(result));
    const json = parseJson<RunResult>(result);
    assert.equal(json.status, 'failed');
    assert.equal(json.error?.code, 'bad-request');
    assert.match(json.error?.message ?? '', /step broken failed/);

    const show = await runBrigade(['show', json.runId], { cwd: workspace });
    assert.equal(show.code, 0, describeResult(show));
    assert.match(show.stdout, /^broken +flaky +simulator:default +failed /m);
    assert.match(show.stdout, /^ {4}bad-request: /m);
    assert.match(show.stdout, /^✗ failed in /m);
    assert.match(show.stdout, /^intro +writer +simulator:default +succeeded /m);
    assert.doesNotMatch(show.stdout, /^after +writer +simulator:default/m, 'the step after never started');

    const events = parseJson<ShowResult>(await runBrigade(['show', json.runId, '--json'], { cwd: workspace })).events;
    const errors = events.filter((event) => event.type === 'step-error');
    assert.deepEqual(
      errors.map((event) => [event.step, event.decision, event.error.retryable]),
      [['broken', 'fail', false]],
      'bad-request is not retried',
    );
  });

  it('on_error: continue lets the run go on: exit 0, the next step sees status failed', async () => {
    const result = await runBrigade(['run', 'tolerant', '--json'], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    const json = parseJson<RunResult>(result);
    assert.equal(json.status, 'succeeded');
    assert.match(json.output as string, /after failed/, 'the task of "after" read steps.broken.status');
    const events = parseJson<ShowResult>(await runBrigade(['show', json.runId, '--json'], { cwd: workspace })).events;
    assert.deepEqual(
      events.flatMap((event) => (event.type === 'step-error' ? [[event.step, event.decision]] : [])),
      [['broken', 'continue']],
    );
  });
});

describe('cancel from another process', () => {
  it('cancel stops a run another process is running; resume of it then refuses', async () => {
    const workspace = teamWorkspace();
    const long = spawnBrigade(['run', 'hello', '--json', '--sim-latency', '5000'], { cwd: workspace });
    try {
      let runId: string | undefined;
      const deadline = Date.now() + 15_000;
      while (!runId && Date.now() < deadline) {
        const listed = await runBrigade(['runs', '--json', '--status', 'running'], { cwd: workspace });
        if (listed.code === 0) runId = parseJson<RunSummary[]>(listed)[0]?.id;
        assert.equal(long.process.exitCode, null, `the long run ended early:\n${long.stderr()}`);
      }
      assert.ok(runId, 'the run shows up as running');

      const cancelAt = Date.now();
      const cancel = await runBrigade(['cancel', runId], { cwd: workspace });
      assert.equal(cancel.code, 0, describeResult(cancel));
      assert.equal(cancel.stdout, `cancelled ${runId}\n`);
      const ended = await long.done;
      const tookMs = Date.now() - cancelAt;
      assert.equal(ended.code, 3, describeResult(ended));
      assert.ok(tookMs < 3000, `the running process stopped ${tookMs} ms after cancel`);
      const json = parseJson<RunResult>(ended);
      assert.equal(json.status, 'cancelled');
      assert.equal(json.runId, runId);

      const events = parseJson<ShowResult>(await runBrigade(['show', runId, '--json'], { cwd: workspace })).events;
      const cancelEvent = events.find((event) => event.type === 'run-cancel');
      assert.ok(cancelEvent?.type === 'run-cancel');
      assert.match(cancelEvent.reason, /brigade cancel/);
      const end = events.at(-1)!;
      assert.equal(end.type, 'run-end');
      assert.equal(end.type === 'run-end' && end.status, 'cancelled');
      assert.ok(!events.some((event) => event.type === 'step-end'), 'no step finished (each takes 5 s)');

      const resume = await runBrigade(['resume', runId], { cwd: workspace });
      assert.equal(resume.code, 2, describeResult(resume));
      assert.match(resume.stderr, new RegExp(`run ${runId} already ended \\(cancelled\\); nothing to resume`));
    } finally {
      if (long.process.exitCode === null) long.process.kill('SIGKILL');
    }
  });
});

describe('--dry-run with a provider key in the environment', () => {
  let server: OpenAICompatibleServer;
  let workspace: string;
  before(async () => {
    server = await startOpenAICompatibleServer(() => ({ text: 'a real answer', chunkDelayMs: 1 }));
    workspace = temp.create();
    writeFiles(workspace, {
      'brigade.yaml': 'model: openai:gpt-5-mini\n',
      'agents/writer.yaml': 'role: writer\ninstructions: Write briefly.\n',
      'playbooks/hello.yaml':
        'name: hello\nsteps:\n  greet: { agent: writer, task: "say hello" }\noutput: "{{ steps.greet.output }}"\n',
    });
  });
  after(() => server.close());

  const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url });

  it('--dry-run calls no provider and says SIMULATED (--dry-run)', async () => {
    const result = await runBrigade(['run', 'hello', '--dry-run', '--sim-latency', '5'], {
      cwd: workspace,
      env: env(),
    });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, /^⚠ openai:gpt-5-mini(, [\w:.-]+)* (is|are) SIMULATED \(--dry-run\)/m);
    assert.match(result.stdout, /^\[simulated openai:gpt-5-mini\]/);
    assert.equal(server.requests.length, 0, 'no request reached the provider');
  });

  it('--json keeps stdout for the result and still says SIMULATED, on stderr', async () => {
    const result = await runBrigade(['run', 'hello', '--dry-run', '--sim-latency', '5', '--json'], {
      cwd: workspace,
      env: env(),
    });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, /^⚠ openai:gpt-5-mini(, [\w:.-]+)* (is|are) SIMULATED \(--dry-run\)/m);
    assert.doesNotMatch(result.stderr, /▶ run|wall time/, 'no progress or summary with --json');
    assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'succeeded');
  });

  it('the same run without --dry-run does reach the provider (so the check above can fail)', async () => {
    const result = await runBrigade(['run', 'hello'], { cwd: workspace, env: env() });
    assert.equal(result.code, 0, describeResult(result));
    assert.doesNotMatch(result.stderr, /SIMULATED/);
    assert.equal(result.stdout, 'a real answer\n');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer sk-test');
  });
});
