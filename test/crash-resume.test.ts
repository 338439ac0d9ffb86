// Durability under kill -9: a real `brigade` child process runs a playbook against a real local
// OpenAI-protocol server and is killed with SIGKILL at random points; `brigade resume` (or any
// other start of Brigade) finishes the run. After every kill we check, from the server's own log
// of requests, that no model call whose response was already recorded (durably) is made again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { createSqliteStore } from '../src/adapters/store-sqlite/create-sqlite-store.ts';
import type { Json, RunEvent, RunId } from '../src/spec/index.ts';
import { unitKey } from '../src/spec/index.ts';
import { type RecordedRequest, startOpenAICompatibleServer } from '../src/testing/openai-compatible-server.ts';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'src', 'cli', 'main.ts');

/** A call's identity as the server sees it: the task (first user message) and the turn. */
function keyOfRequest(request: RecordedRequest): string {
  const messages = request.body.messages as Array<{ role: string; content: Json }>;
  const task = messages.find((message) => message.role === 'user')?.content;
  const turn = messages.filter((message) => message.role === 'assistant').length;
  return `${typeof task === 'string' ? task : JSON.stringify(task)}#${turn}`;
}

function writeWorkspace(dir: string, serverUrl: string): void {
  mkdirSync(join(dir, 'agents'), { recursive: true });
  mkdirSync(join(dir, 'playbooks'), { recursive: true });
  writeFileSync(
    join(dir, 'brigade.yaml'),
    `model: fake:crash-model\nconcurrency: 4\nproviders:\n  fake:\n    base_url: ${serverUrl}\n`,
  );
  writeFileSync(join(dir, 'notes.md'), 'Our notes: agents that work together.\n');
  writeFileSync(
    join(dir, 'agents', 'researcher.yaml'),
    'role: researcher\ninstructions: Read the notes, then answer.\ntools: [read_file]\n',
  );
  writeFileSync(join(dir, 'agents', 'writer.yaml'), 'role: writer\ninstructions: Write briefly.\n');
  writeFileSync(
    join(dir, 'playbooks', 'crash.yaml'),
    `name: crash
inputs:
  segments: { type: array, items: { type: string }, default: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10] }
steps:
  research: { agent: researcher, task: "research the topic" }
  angle: { agent: writer, task: "find our angle" }
  competitors: { agent: writer, task: "scan competitors" }
  draft:
    agent: writer
    needs: [research, angle, competitors]
    task: "draft from {{ steps.research.output }} / {{ steps.angle.output }} / {{ steps.competitors.output }}"
  versions: { agent: writer, needs: [draft], for_each: "{{ inputs.segments }}", task: "version for {{ item }}" }
  final: { agent: writer, needs: [versions], task: "final of {{ steps.versions.output }}" }
output: "{{ steps.final.output }}"
`,
  );
  writeFileSync(
    join(dir, 'playbooks', 'ping.yaml'),
    'name: ping\nsteps:\n  hello: { agent: writer, task: "say hello" }\n',
  );
}

/** Deterministic answers: the same call gets the same reply in every process. */
function reply(request: RecordedRequest) {
  const key = keyOfRequest(request);
  const chunkDelayMs = 10 + (key.length % 4) * 5;
  if (key.startsWith('research the topic#0')) {
    return { toolCalls: [{ id: 'call-notes', name: 'read_file', arguments: { path: 'notes.md' } }], chunkDelayMs };
  }
  return { text: `answer(${key.slice(0, 24)})`, textChunks: 3, chunkDelayMs };
}

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

function spawnBrigade(args: string[]): Child {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, exited, stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded random source so a failing sequence of kill points can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function readRun(dbPath: string): Promise<{ runId: RunId | undefined; events: RunEvent[] }> {
  const store = createSqliteStore(dbPath);
  try {
    const run = store.list({ limit: 10 }).find((summary) => summary.playbook === 'crash');
    return { runId: run?.id, events: run ? store.read(run.id) : [] };
  } finally {
    await store.close();
  }
}

/** The event logs of every run of the crash playbook in a workspace. */
async function readAllRuns(dbPath: string): Promise<RunEvent[][]> {
  const store = createSqliteStore(dbPath);
  try {
    return store
      .list({ limit: 100 })
      .filter((summary) => summary.playbook === 'crash')
      .map((summary) => store.read(summary.id));
  } finally {
    await store.close();
  }
}

/** How many model responses are on disk now (a cheap read while a child writes). */
function countResponses(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const row = db.prepare("SELECT count(*) AS n FROM events WHERE type = 'model-response'").get() as { n: number };
    return row.n;
  } catch {
    return 0; // not migrated yet
  } finally {
    db.close();
  }
}

/** Model calls recorded durably, as server keys (the task of a unit is in its step-start's unit). */
function recordedKeys(events: RunEvent[], tasks: Map<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.type === 'model-response') keys.add(`${tasks.get(unitKey(event))}#${event.turn}`);
  }
  return keys;
}

function assertCleanLog(events: RunEvent[], label: string): void {
  assert.deepEqual(
    events.map((event) => event.seq),
    events.map((_, index) => index + 1),
    `${label}: seq has no gaps`,
  );
  const seen = new Set<string>();
  for (const event of events) {
    let identity: string | undefined;
    if (event.type === 'step-end') identity = `end ${unitKey(event)}`;
    if (event.type === 'model-response') identity = `response ${unitKey(event)} ${event.attempt} ${event.turn}`;
    if (event.type === 'tool-result') identity = `tool ${unitKey(event)} ${event.attempt} ${event.callId}`;
    if (event.type === 'run-start' || event.type === 'run-end') identity = event.type;
    if (!identity) continue;
    assert.ok(!seen.has(identity), `${label}: duplicate ${identity}`);
    seen.add(identity);
  }
}

describe('crash and resume with kill -9', () => {
  const server = { value: undefined as Awaited<ReturnType<typeof startOpenAICompatibleServer>> | undefined };
  const dirs: string[] = [];
  let expectedOutput: Json | undefined;

  before(async () => {
    server.value = await startOpenAICompatibleServer((request) => reply(request));
  });
  after(async () => {
    await server.value?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function newWorkspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'brigade-crash-'));
    dirs.push(dir);
    writeWorkspace(dir, server.value!.url);
    return dir;
  }

  /** The unit → task map, from a finished reference run's log (tasks are deterministic). */
  const tasks = new Map<string, string>();
  let referenceKeys = new Set<string>();

  it('runs the playbook to the end without kills (reference)', async () => {
    const dir = newWorkspace();
    const child = spawnBrigade(['run', 'crash', '-w', dir, '--json']);
    assert.equal(await child.exited, 0, child.stderr());
    const { events } = await readRun(join(dir, '.brigade', 'brigade.db'));
    const end = events.at(-1)!;
    assert.equal(end.type, 'run-end');
    assert.equal(end.type === 'run-end' && end.status, 'succeeded');
    expectedOutput = end.type === 'run-end' ? end.output : undefined;
    const requests = server.value!.requests;
    // Recover each unit's task from the requests the server saw (first user message).
    for (const event of events) {
      if (event.type !== 'step-start') continue;
      const unit = unitKey(event);
      const step = event.step as string;
      const task =
        step === 'versions'
          ? `version for s${(event.item ?? 0) + 1}`
          : requests
              .map(keyOfRequest)
              .find((key) => key.startsWith(taskPrefix(step)))
              ?.replace(/#\d+$/, '');
      assert.ok(task, `task of ${unit}`);
      tasks.set(unit, task);
    }
    assertCleanLog(events, 'reference');
    // The mapping from log to server keys is right: the recorded calls are exactly the calls made.
    referenceKeys = new Set(requests.map(keyOfRequest));
    assert.deepEqual([...recordedKeys(events, tasks)].sort(), [...referenceKeys].sort());
  });

  for (const [scenario, seed, kills, restartWith] of [
    ['resume after each kill', 11, 8, 'resume'],
    ['resume after each kill (another sequence)', 29, 8, 'resume'],
    ['any start of Brigade finishes the interrupted run', 47, 6, 'other-run'],
  ] as const) {
    it(`${scenario}: ${kills} kill points, no recorded call repeated`, async () => {
      assert.ok(expectedOutput !== undefined, 'the reference run finished');
      const random = seeded(seed);
      const dir = newWorkspace();
      const db = join(dir, '.brigade', 'brigade.db');
      let killed = 0;
      let midRun = 0;
      for (let round = 0; ; round++) {
        assert.ok(round < kills * 3, 'finishes in bounded rounds');
        const before = await readRun(db);
        const ended = before.events.at(-1)?.type === 'run-end';
        if (ended && killed >= kills) break;
        // The calls this run has on disk: none of them may be made again from here on.
        const recorded = ended ? new Set<string>() : recordedKeys(before.events, tasks);
        const firstRequest = server.value!.requests.length;
        const finishing = killed >= kills;
        const args =
          before.runId === undefined || ended
            ? ['run', 'crash', '-w', dir, '--json']
            : restartWith === 'resume'
              ? ['resume', before.runId, '-w', dir, '--json']
              : ['run', 'ping', '-w', dir, '--json'];
        const child = spawnBrigade(args);
        if (!finishing) {
          // Kill at a random moment: once 0–2 further model responses are on disk, plus 0–60 ms.
          const target = recorded.size + Math.floor(random() * 3);
          const extraMs = Math.floor(random() * 60);
          const deadline = Date.now() + 15_000;
          while (countResponses(db) < target && child.process.exitCode === null && Date.now() < deadline) {
            await sleep(2);
          }
          await sleep(extraMs);
          if (child.process.exitCode === null && child.process.signalCode === null) {
            child.process.kill('SIGKILL');
            killed++;
          }
        }
        const code = await child.exited;
        if (!finishing) {
          const now = (await readRun(db)).events;
          if (now.some((event) => event.type === 'model-response') && now.at(-1)?.type !== 'run-end') midRun++;
        }
        const made = server.value!.requests.slice(firstRequest).map(keyOfRequest);
        const repeated = made.filter((key) => recorded.has(key));
        assert.deepEqual(repeated, [], `round ${round}: calls already recorded were made again`);
        if (finishing) assert.equal(code, 0, `final round exits 0:\n${child.stderr()}`);
      }
      assert.ok(killed >= kills, `${killed} kill points`);
      assert.ok(midRun >= kills / 2, `${midRun} kills landed mid-run, after calls were recorded`);
      // Every run of the playbook in this workspace finished, with the same output as without kills.
      const runs = await readAllRuns(db);
      assert.ok(runs.length >= 1);
      let resumes = 0;
      for (const events of runs) {
        const end = events.at(-1)!;
        assert.equal(end.type, 'run-end');
        assert.equal(end.type === 'run-end' && end.status, 'succeeded', 'the run completed');
        assert.deepEqual(end.type === 'run-end' && end.output, expectedOutput, 'same output as without kills');
        assert.deepEqual([...recordedKeys(events, tasks)].sort(), [...referenceKeys].sort());
        assertCleanLog(events, scenario);
        resumes += events.filter((event) => event.type === 'run-resume').length;
      }
      assert.ok(resumes >= 1, 'the log records its resumes');
    });
  }
});

function taskPrefix(step: string): string {
  switch (step) {
    case 'research':
      return 'research the topic';
    case 'angle':
      return 'find our angle';
    case 'competitors':
      return 'scan competitors';
    case 'draft':
      return 'draft from';
    case 'final':
      return 'final of';
    default:
      return step;
  }
}
