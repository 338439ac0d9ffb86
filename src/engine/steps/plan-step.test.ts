import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, ModelRequest, RunEvent, RunEventOf } from '../../spec/index.ts';
import { buildPlaybook, type TestPlanStep, type TestStep } from '../../testing/build-playbook.ts';
import { createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);
const seqOf = (events: RunEvent[], type: RunEvent['type'], step: string) =>
  events.find((event) => event.type === type && 'step' in event && event.step === step)?.seq;

const atOf = (events: RunEvent[], type: RunEvent['type'], step: string) =>
  events.find((event) => event.type === type && 'step' in event && event.step === step)!.at;

type Task = { id: string; agent: string; dependsOn?: string[]; instructions?: string };

/** A planner answer as the fake model gives it (a parsed object, like structured output). */
function plan(
  tasks: Task[],
  extra: { cancel?: Array<{ id: string; reason: string }>; done?: boolean } = {},
): FakeAnswer {
  return {
    object: {
      tasks: tasks.map((task) => ({
        id: task.id,
        agent: task.agent,
        instructions: task.instructions ?? `do ${task.id}`,
        dependsOn: task.dependsOn ?? [],
      })),
      cancel: extra.cancel ?? [],
      done: extra.done ?? false,
    },
  };
}

const team = [{ name: 'researcher' }, { name: 'writer' }];

/** Runs a playbook whose planner answers by turn (one answer per planner call) and whose tasks answer with text. */
async function runPlan(
  planner: Array<FakeAnswer>,
  options: {
    step?: Partial<TestPlanStep>;
    others?: Record<string, TestStep>;
    task?: (request: ModelRequest) => FakeAnswer;
    global?: number;
  } = {},
) {
  const fake = createFakeModelGateway((request) => {
    if (request.origin.unit === 'campaign') return planner[Math.min(request.origin.turn, planner.length - 1)]!;
    return options.task?.(request) ?? { text: `result of ${request.origin.unit}` };
  });
  const { engine, store } = createTestEngine({ models: fake.gateway, global: options.global });
  const playbook = buildPlaybook({ campaign: { kind: 'plan', team, ...options.step }, ...options.others });
  const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
  const state = await handle.done;
  const events = store.read(handle.runId);
  const plannerCalls = fake.calls.filter((call) => call.request.origin.unit === 'campaign');
  return { state, events, calls: fake.calls, plannerCalls };
}

const promptOf = (request: ModelRequest) => {
  const first = request.messages[0];
  return first?.role === 'user' ? first.content : '';
};

describe('plan step', () => {
  it('repairs an invalid first plan (unknown agent, cycle), showing the planner exactly what was wrong', async () => {
    const { state, events, plannerCalls, calls } = await runPlan([
      plan([
        { id: 't1', agent: 'designer', dependsOn: ['t2'] },
        { id: 't2', agent: 'writer', dependsOn: ['t1'] },
      ]),
      plan(
        [
          { id: 't1', agent: 'researcher' },
          { id: 't2', agent: 'writer', dependsOn: ['t1'] },
        ],
        { done: true },
      ),
    ]);
    assert.equal(state.status, 'succeeded');
    const proposes = ofType(events, 'plan-propose');
    assert.deepEqual(
      proposes.map((event) => [event.repair, event.problems.map((problem) => problem.code).sort()]),
      [
        [0, ['cycle', 'unknown-agent']],
        [1, []],
      ],
    );
    assert.deepEqual(
      proposes.map((event) => [event.firstTurn, event.nextTurn]),
      [
        [0, 1],
        [1, 2],
      ],
    );
    assert.equal(plannerCalls.length, 2);
    const repairPrompt = promptOf(plannerCalls[1]!.request);
    for (const problem of proposes[0]!.problems) assert.ok(repairPrompt.includes(problem.message), problem.message);
    assert.match(repairPrompt, /"designer", who is not on the team \(researcher, writer\)/);
    assert.match(repairPrompt, /t1 → t2 → t1/);

    const accept = ofType(events, 'plan-accept');
    assert.deepEqual(
      accept.map((event) => [event.round, event.release]),
      [[1, ['t1', 't2']]],
    );
    const extend = ofType(events, 'graph-extend');
    assert.deepEqual(
      extend.flatMap((event) => event.steps.map((step) => [step.id, step.needs, step.kind])),
      [
        ['campaign.t1', [], 'agent'],
        ['campaign.t2', ['campaign.t1'], 'agent'],
      ],
    );
    assert.ok(seqOf(events, 'step-end', 'campaign.t1')! < seqOf(events, 'step-start', 'campaign.t2')!);
    const t2 = calls.find((call) => call.request.origin.unit === 'campaign.t2')!;
    assert.match(promptOf(t2.request), /result of campaign\.t1/, 't2 sees the result of the task it depends on');
    assert.equal(ofType(events, 'plan-end')[0]?.reason, 'done');
    const output = state.steps.campaign!.output as { tasks: Array<{ id: string; status: string; output: Json }> };
    assert.deepEqual(
      output.tasks.map((task) => [task.id, task.status, task.output]),
      [
        ['t1', 'succeeded', 'result of campaign.t1'],
        ['t2', 'succeeded', 'result of campaign.t2'],
      ],
    );
    assert.ok(
      seqOf(events, 'step-end', 'campaign')! > seqOf(events, 'step-end', 'campaign.t2')!,
      'the plan step ends after its last task',
    );
  });

  it('fails with plan-invalid, listing the problems, when repairs run out', async () => {
    const { state, events, plannerCalls } = await runPlan([plan([{ id: 't1', agent: 'x', dependsOn: ['nope'] }])], {
      step: { maxRepairs: 1 },
    });
    assert.equal(state.status, 'failed');
    assert.equal(plannerCalls.length, 2, 'the first answer and one repair');
    const error = ofType(events, 'step-error')[0]!;
    assert.equal(error.error.code, 'plan-invalid');
    assert.match(error.error.message, /after 1 repair: .*"x", who is not on the team.*depends on nope/);
    assert.equal(ofType(events, 'graph-extend').length, 0, 'nothing ran');
  });

  it('runs independent tasks at the same time (both calls are open together)', { timeout: 10_000 }, async () => {
    let release!: () => void;
    const bothOpen = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    let openTogether = 0;
    const fake = createFakeModelGateway((request) => {
      if (request.origin.unit === 'campaign') {
        return plan(
          [
            { id: 't1', agent: 'researcher' },
            { id: 't2', agent: 'writer' },
          ],
          { done: true },
        );
      }
      started++;
      if (started === 2) {
        openTogether = fake.calls.filter((call) => call.request.origin.unit !== 'campaign' && !call.endedAt).length;
        release();
      }
      return { until: bothOpen };
    });
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const handle = await engine.startRun({
      playbook: buildPlaybook({ campaign: { kind: 'plan', team } }),
      inputs: {},
      models: [],
      dryRun: false,
    });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    assert.equal(openTogether, 2, 'the second task started while the first was still open');
    const events = store.read(handle.runId);
    const lastStart = Math.max(
      seqOf(events, 'step-start', 'campaign.t1')!,
      seqOf(events, 'step-start', 'campaign.t2')!,
    );
    const firstEnd = Math.min(seqOf(events, 'step-end', 'campaign.t1')!, seqOf(events, 'step-end', 'campaign.t2')!);
    assert.ok(lastStart < firstEnd);
  });

  it('gives its concurrency slot to its tasks while they run (global concurrency 1)', { timeout: 10_000 }, async () => {
    const { state } = await runPlan(
      [
        plan([
          { id: 't1', agent: 'researcher' },
          { id: 't2', agent: 'writer' },
        ]),
      ],
      {
        global: 1,
        step: { maxRounds: 1 },
      },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(state.plans.campaign!.endReason, 'max-rounds');
  });

  it('does not count the wait for its tasks as its own busy time', async () => {
    const { events } = await runPlan([plan([{ id: 't1', agent: 'researcher' }], { done: true })], {
      task: () => ({ delayMs: 20 }),
    });
    const span = (step: string) => atOf(events, 'step-end', step) - atOf(events, 'step-start', step);
    const planEnd = ofType(events, 'step-end').find((event) => event.step === 'campaign')!;
    assert.ok(span('campaign.t1') > 0);
    assert.ok(planEnd.durationMs + span('campaign.t1') <= span('campaign'), 'the task ran while the plan step waited');
  });

  it('revises the plan after a wave: adds a task building on a finished one, cancels one not started', async () => {
    const { state, events, plannerCalls, calls } = await runPlan([
      plan([
        { id: 't1', agent: 'researcher' },
        { id: 't2', agent: 'researcher' },
        { id: 't3', agent: 'writer', dependsOn: ['t1', 't2'] },
      ]),
      plan([{ id: 't4', agent: 'writer', dependsOn: ['t1'] }], { cancel: [{ id: 't3', reason: 'not needed' }] }),
      plan([], { done: true }),
    ]);
    assert.equal(state.status, 'succeeded');
    assert.equal(plannerCalls.length, 3);
    const accept = ofType(events, 'plan-accept');
    assert.deepEqual(
      accept.map((event) => [event.round, event.tasks.map((task) => task.id), event.cancel, event.release, event.done]),
      [
        [1, ['t1', 't2', 't3'], [], ['t1', 't2'], false],
        [2, ['t4'], [{ id: 't3', reason: 'not needed' }], ['t4'], false],
        [3, [], [], [], true],
      ],
    );
    // Round 2 is asked only once the first wave is over, and sees its results.
    const round2 = ofType(events, 'plan-propose')[1]!;
    assert.ok(
      round2.seq > seqOf(events, 'step-end', 'campaign.t1')! && round2.seq > seqOf(events, 'step-end', 'campaign.t2')!,
    );
    const revisePrompt = promptOf(plannerCalls[1]!.request);
    assert.match(revisePrompt, /t1 \(researcher, round 1\): succeeded/);
    assert.match(revisePrompt, /Result: result of campaign\.t1/);
    assert.match(revisePrompt, /t3 \(writer, after t1, t2, round 1\): not started yet/);

    assert.equal(seqOf(events, 'step-start', 'campaign.t3'), undefined, 't3 never ran');
    assert.equal(state.steps['campaign.t3'], undefined, 't3 never became a step');
    const t3 = state.plans.campaign!.tasks.find((task) => task.id === 't3')!;
    assert.deepEqual([t3.status, t3.cancelReason], ['cancelled', 'not needed']);
    assert.ok(seqOf(events, 'step-start', 'campaign.t4')! > accept[1]!.seq);
    const t4 = calls.find((call) => call.request.origin.unit === 'campaign.t4')!;
    assert.match(promptOf(t4.request), /result of campaign\.t1/);

    const end = ofType(events, 'plan-end')[0]!;
    assert.deepEqual([end.reason, end.rounds, end.tasks], ['done', 3, 3]);
    const output = state.steps.campaign!.output as {
      end: string;
      tasks: Array<{ id: string; status: string; reason?: string }>;
    };
    assert.equal(output.end, 'done');
    assert.deepEqual(
      output.tasks.map((task) => [task.id, task.status, task.reason ?? null]),
      [
        ['t1', 'succeeded', null],
        ['t2', 'succeeded', null],
        ['t3', 'cancelled', 'not needed'],
        ['t4', 'succeeded', null],
      ],
    );
  });

  it('shows the planner a failed task (on_error: continue) and goes on', async () => {
    const { state, plannerCalls } = await runPlan(
      [plan([{ id: 't1', agent: 'researcher' }]), plan([], { done: true })],
      {
        step: { onError: { action: 'continue' } },
        task: () => ({ fault: { code: 'bad-request', message: 'no such thing', retryable: false } }),
      },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(state.steps['campaign.t1']!.status, 'failed');
    assert.match(
      promptOf(plannerCalls[1]!.request),
      /t1 \(researcher, round 1\): failed\n {2}Instructions: do t1\n {2}Error: no such thing/,
    );
  });

  it('stops revising at max_tasks (counted over all rounds) and records it', async () => {
    const { state, events, plannerCalls } = await runPlan(
      [
        plan([
          { id: 't1', agent: 'researcher' },
          { id: 't2', agent: 'writer' },
          { id: 't3', agent: 'writer' },
        ]),
        plan([
          { id: 't1', agent: 'researcher' },
          { id: 't2', agent: 'writer', dependsOn: ['t1'] },
        ]),
      ],
      { step: { maxTasks: 2 } },
    );
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(
      ofType(events, 'plan-propose')[0]!.problems.map((problem) => problem.code),
      ['too-many-tasks'],
    );
    assert.equal(plannerCalls.length, 2, 'no revision once the plan holds max_tasks tasks');
    assert.deepEqual(ofType(events, 'plan-accept')[0]!.release, ['t1', 't2'], 'the whole plan runs as a graph');
    assert.equal(ofType(events, 'plan-end')[0]!.reason, 'max-tasks');
  });

  it('stops revising at max_rounds and records it', async () => {
    const { state, events, plannerCalls } = await runPlan(
      [
        plan([{ id: 't1', agent: 'researcher' }]),
        plan([{ id: 't2', agent: 'writer', dependsOn: ['t1'] }]),
        plan([{ id: 't3', agent: 'writer' }]),
      ],
      { step: { maxRounds: 2 } },
    );
    assert.equal(state.status, 'succeeded');
    assert.equal(plannerCalls.length, 2);
    assert.deepEqual(
      ofType(events, 'plan-accept').map((event) => event.round),
      [1, 2],
    );
    assert.deepEqual(ofType(events, 'plan-end')[0]!.reason, 'max-rounds');
    assert.equal(state.steps['campaign.t2']!.status, 'succeeded');
  });

  it('settles before its dependents start, and its tasks are not the run output', async () => {
    const { state, events } = await runPlan([plan([{ id: 't1', agent: 'researcher' }], { done: true })], {
      others: { publish: { needs: ['campaign'], task: 'publish {{ steps.campaign.output.tasks }}' } },
    });
    assert.equal(state.status, 'succeeded');
    assert.ok(seqOf(events, 'step-start', 'publish')! > seqOf(events, 'step-end', 'campaign')!);
    assert.equal(state.output, 'result of publish');
  });

  it('keeps one plan per item of a for_each plan step, with tasks of their own', async () => {
    const fake = createFakeModelGateway((request) =>
      /^campaign\[\d\]$/.test(request.origin.unit)
        ? plan([{ id: 't1', agent: 'writer', instructions: `write for ${request.origin.unit}` }], { done: true })
        : { text: `result of ${request.origin.unit}` },
    );
    const { engine } = createTestEngine({ models: fake.gateway });
    const playbook = buildPlaybook(
      { campaign: { kind: 'plan', team, forEach: { items: '{{ inputs.segments }}' }, goal: 'reach {{ item }}' } },
      { inputs: { segments: { type: 'array' } } },
    );
    const handle = await engine.startRun({ playbook, inputs: { segments: ['a', 'b'] }, models: [], dryRun: false });
    const state = await handle.done;
    assert.equal(state.status, 'succeeded');
    assert.deepEqual(Object.keys(state.plans), ['campaign[0]', 'campaign[1]']);
    assert.deepEqual(
      Object.values(state.plans).map((each) => each.goal),
      ['reach a', 'reach b'],
    );
    assert.equal(state.steps['campaign[1].t1']!.output, 'result of campaign[1].t1');
    const outputs = state.steps.campaign!.output as Array<{ tasks: Array<{ output: Json }> }>;
    assert.deepEqual(
      outputs.map((each) => each.tasks[0]!.output),
      ['result of campaign[0].t1', 'result of campaign[1].t1'],
    );
  });

  it('a person approves the first plan with edits (drop, reassign, add) before anything runs', async () => {
    const fake = createFakeModelGateway((request) =>
      request.origin.unit === 'campaign'
        ? plan(
            [
              { id: 't1', agent: 'researcher' },
              { id: 't2', agent: 'writer', dependsOn: ['t1'] },
            ],
            { done: true },
          )
        : { text: `result of ${request.origin.unit}` },
    );
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const playbook = buildPlaybook({ campaign: { kind: 'plan', team, approve: true } });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.equal(ofType(store.read(handle.runId), 'plan-accept').length, 0, 'nothing runs before the person decides');
    const [request] = ofType(store.read(handle.runId), 'approval-request');
    assert.equal(request!.request.kind, 'plan');
    assert.deepEqual(
      (request!.request.content as { tasks: Array<{ id: string }> }).tasks.map((task) => task.id),
      ['t1', 't2'],
    );
    const send = (asked: RunEventOf<'approval-request'>, content: Json) =>
      store.send(handle.runId, {
        type: 'decide',
        id: asked.request.id,
        decision: 'approve',
        digest: asked.request.digest,
        by: 'ana',
        content,
      });
    // An invalid edit (a writer who is not on the team) is put to the person again, with the problem.
    send(request!, { tasks: [{ id: 't1', agent: 'poet', instructions: 'x', dependsOn: [] }], done: true });
    const again = await (await engine.resumeRun(handle.runId, 'decided')).done;
    assert.equal(again.status, 'paused');
    const second = ofType(store.read(handle.runId), 'approval-request')[1]!;
    assert.match(second.request.message, /not valid: .*"poet", who is not on the team/);
    // Drop t2, give t1 to the writer, add t3 after it.
    send(second, {
      tasks: [
        { id: 't1', agent: 'writer', instructions: 'write it', dependsOn: [] },
        { id: 't3', agent: 'researcher', instructions: 'check it', dependsOn: ['t1'] },
      ],
      done: true,
    });
    const state = await (await engine.resumeRun(handle.runId, 'decided')).done;
    assert.equal(state.status, 'succeeded');
    const [accept] = ofType(store.read(handle.runId), 'plan-accept');
    assert.deepEqual(
      accept!.tasks.map((task) => [task.id, task.agent]),
      [
        ['t1', 'writer'],
        ['t3', 'researcher'],
      ],
    );
    const ran = fake.calls.map((call) => call.request.origin.unit).filter((unit) => unit !== 'campaign');
    assert.deepEqual(ran, ['campaign.t1', 'campaign.t3'], 'what runs is the edited plan');
  });

  it('a rejected plan fails the step and nothing of it runs', async () => {
    const fake = createFakeModelGateway((request) =>
      request.origin.unit === 'campaign' ? plan([{ id: 't1', agent: 'researcher' }], { done: true }) : {},
    );
    const { engine, store } = createTestEngine({ models: fake.gateway });
    const playbook = buildPlaybook({ campaign: { kind: 'plan', team, approve: true } });
    const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false, whenBlocked: 'wait' });
    for (let i = 0; i < 200 && ofType(store.read(handle.runId), 'approval-request').length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [request] = ofType(store.read(handle.runId), 'approval-request');
    store.send(handle.runId, {
      type: 'decide',
      id: request!.request.id,
      decision: 'reject',
      digest: request!.request.digest,
      by: 'ana',
      comment: 'wrong audience',
    });
    const state = await handle.done;
    assert.equal(state.status, 'failed');
    assert.match(state.error!.message, /ana rejected the plan: wrong audience/);
    assert.equal(ofType(store.read(handle.runId), 'plan-accept').length, 0);
  });
});
