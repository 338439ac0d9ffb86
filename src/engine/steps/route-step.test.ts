import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledPlaybook, RouteStep, RunEvent, RunEventOf, StepId } from '../../spec/index.ts';
import { asStepId } from '../../spec/index.ts';
import { buildPlaybook, type TestStep, testAgent } from '../../testing/build-playbook.ts';
import { createTestEngine } from '../../testing/create-test-engine.ts';
import { createFakeModelGateway, type FakeAnswer } from '../../testing/fake-model-gateway.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is RunEventOf<T> => event.type === type);

/**
 * A lead playbook: `lead`, then the route `path` with a branch per sales path, then `followup`
 * after both branches. Branch steps get their branch and a need of the route, as the compiler does.
 */
function leadPlaybook(route: Partial<RouteStep> = {}, steps: Record<string, TestStep> = {}): CompiledPlaybook {
  const playbook = buildPlaybook({
    lead: {},
    enterprise_email: {},
    nurture: {},
    followup: { needs: ['enterprise_email', 'nurture'] },
    ...steps,
  });
  const path: RouteStep = {
    kind: 'route',
    id: asStepId('path'),
    needs: [asStepId('lead')],
    agent: testAgent({ name: 'router' }),
    task: 'Pick the path for {{ steps.lead.output }}',
    branches: {
      enterprise: { description: 'Large accounts, sales-led', steps: [asStepId('enterprise_email')] },
      self_serve: { description: 'Small teams', steps: [asStepId('nurture')] },
    },
    retry: { attempts: 1, backoffMs: 1, factor: 2, maxBackoffMs: 10, jitter: false },
    onError: { action: 'fail' },
    ...route,
  };
  playbook.steps.path = path;
  for (const [name, branch] of Object.entries(path.branches)) {
    for (const member of branch.steps) {
      playbook.steps[member]!.branch = { route: path.id, name };
      playbook.steps[member]!.needs.push(path.id as StepId);
    }
  }
  return playbook;
}

async function run(playbook: CompiledPlaybook, answers: Record<string, FakeAnswer>) {
  const fake = createFakeModelGateway((request) => answers[request.origin.unit] ?? {});
  const { engine, store } = createTestEngine({ models: fake.gateway });
  const handle = await engine.startRun({ playbook, inputs: {}, models: [], dryRun: false });
  const state = await handle.done;
  return { state, events: store.read(handle.runId), calls: fake.calls };
}

describe('route steps', () => {
  it('run the chosen branch, skip the other with the reason, and still run a join step after both', async () => {
    const { state, events, calls } = await run(leadPlaybook(), {
      lead: { text: 'Acme, 4000 people' },
      path: { object: { branch: 'enterprise', reason: 'a large account' } },
    });
    assert.equal(state.status, 'succeeded');
    const route = calls.find((call) => call.request.origin.unit === 'path')!.request;
    const branch = (route.outputSchema!.properties as Record<string, { enum?: string[] }>).branch!;
    assert.deepEqual(branch.enum, ['enterprise', 'self_serve']);
    const task = String(route.messages[0]?.role === 'user' ? route.messages[0].content : '');
    assert.match(task, /^Pick the path for Acme, 4000 people\n/);
    assert.match(task, /- enterprise: Large accounts, sales-led\n- self_serve: Small teams/);

    const end = ofType(events, 'step-end').find((event) => event.step === 'path')!;
    assert.deepEqual(end.output, { branch: 'enterprise', reason: 'a large account' });
    assert.deepEqual(
      ofType(events, 'step-skip').map((event) => [event.step, event.reason]),
      [['nurture', 'route path chose enterprise']],
    );
    assert.ok(!calls.some((call) => call.request.origin.unit === 'nurture'), 'the skipped branch calls no model');
    const ended = ofType(events, 'step-end').map((event) => event.step);
    assert.deepEqual(ended.slice(-2), ['enterprise_email', 'followup'], 'the join runs after the chosen branch');
    assert.equal(state.steps.followup!.status, 'succeeded');
  });

  it('fail clearly when the agent names a branch the route does not have', async () => {
    const { state, events } = await run(leadPlaybook(), { path: { object: { branch: 'vip', reason: 'rich' } } });
    assert.equal(state.status, 'failed');
    const error = ofType(events, 'step-error').find((event) => event.step === 'path')!;
    assert.equal(error.error.code, 'route-invalid');
    assert.equal(
      error.error.message,
      'the agent of route path chose "vip", which is not one of its branches (branches: enterprise, self_serve)',
    );
    assert.equal(state.error?.message, `step path failed: ${error.error.message}`);
    for (const step of ['enterprise_email', 'nurture', 'followup']) assert.equal(state.steps[step]!.status, 'pending');
  });

  it('skip every branch when the route was skipped or failed and the run went on', async () => {
    const skipped = await run(leadPlaybook({ when: 'false' }), {});
    assert.equal(skipped.state.status, 'succeeded');
    assert.deepEqual(
      ofType(skipped.events, 'step-skip').map((event) => [event.step, event.reason]),
      [
        ['path', 'when: false is false'],
        ['enterprise_email', 'route path was skipped'],
        ['nurture', 'route path was skipped'],
      ],
    );
    assert.equal(skipped.state.steps.followup!.status, 'succeeded');

    const failed = await run(leadPlaybook({ onError: { action: 'continue' } }), { path: { text: 'no idea' } });
    assert.equal(failed.state.status, 'succeeded');
    assert.equal(ofType(failed.events, 'step-error')[0]?.error.code, 'route-invalid');
    assert.deepEqual(
      ofType(failed.events, 'step-skip').map((event) => event.reason),
      ['route path failed', 'route path failed'],
    );
  });

  it('let a branch step decide by its own when once its branch is chosen', async () => {
    const playbook = leadPlaybook();
    playbook.steps.enterprise_email!.when = "steps.path.output.reason == 'never'";
    const { events } = await run(playbook, { path: { object: { branch: 'enterprise', reason: 'big' } } });
    assert.deepEqual(
      ofType(events, 'step-skip').map((event) => [event.step, event.reason]),
      [
        ['enterprise_email', "when: steps.path.output.reason == 'never' is false"],
        ['nurture', 'route path chose enterprise'],
      ],
    );
  });
});
