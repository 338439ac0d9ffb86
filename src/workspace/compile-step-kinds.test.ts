import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentStep, ApprovalStep, CompiledStep, PlanStep, RouteStep, SynthesizeStep } from '../spec/index.ts';
import { loadValid, testAgents } from './write-test-workspace.ts';

const files = {
  ...testAgents,
  'agents/router.yaml': 'role: Router\ninstructions: Route.\n',
  'agents/planner.yaml': 'role: Planner\ninstructions: Plan.\n',
  'playbooks/kinds.yaml': `inputs:
  product: { type: string }
steps:
  research:
    agent: writer
    task: Research
    context: { steps: [], findings: false, max_tokens: 6000 }
    budget: { tokens: 20000, cost_usd: 0.5, model_calls: 8, time: 2m }
  path:
    route: router
    needs: [research]
    task: "Pick a path for {{ inputs.product }}"
    context: { steps: [research] }
    branches:
      big: { description: Large accounts, steps: [email, call] }
      small: { steps: [nurture] }
  email: { agent: writer, task: Email }
  call: { agent: writer, task: Call, needs: [email, path] }
  nurture: { agent: writer, task: Nurture }
  brief: { synthesize: editor, from: [email, nurture], needs: [path], task: One brief }
  campaign: { plan: planner, goal: "Plan {{ inputs.product }}", team: [writer, editor], context: { findings: [research] } }
  careful: { plan: planner, goal: G, team: [writer], max_tasks: 3, max_rounds: 1, max_repairs: 0, approve: true }
  review: { approval: "Publish?", content: "{{ steps.brief.output.summary }}", needs: [brief] }
  ask: { approval: "Go on?" }
budget: { tokens: 200000, cost_usd: 2, model_calls: 100, time: 10m }
`,
};

const load = async () => (await loadValid(files)).playbooks.kinds!;
const stepOf = <S extends CompiledStep>(steps: Record<string, CompiledStep>, id: string) => steps[id] as S;

describe('compiling step kinds', () => {
  it('compiles agent steps with context and budget', async () => {
    const { steps } = await load();
    const research = stepOf<AgentStep>(steps, 'research');
    assert.equal(research.kind, 'agent');
    assert.deepEqual(research.context, { steps: [], maxTokens: 6000 });
    assert.equal(research.findings, 'none');
    assert.deepEqual(research.budget, { tokens: 20000, costUsd: 0.5, modelCalls: 8, timeMs: 120_000 });
  });

  it('compiles route steps, and marks branch steps with their branch and a need of the route', async () => {
    const { steps } = await load();
    const path = stepOf<RouteStep>(steps, 'path');
    assert.equal(path.kind, 'route');
    assert.equal(path.agent.name, 'router');
    assert.equal(path.task, 'Pick a path for {{ inputs.product }}');
    assert.deepEqual(path.context, { steps: ['research'] });
    assert.deepEqual(path.branches, {
      big: { description: 'Large accounts', steps: ['email', 'call'] },
      small: { steps: ['nurture'] },
    });
    assert.equal(path.branch, undefined);
    assert.deepEqual(
      ['email', 'call', 'nurture', 'research', 'brief'].map((id) => [id, steps[id]!.branch, steps[id]!.needs]),
      [
        ['email', { route: 'path', name: 'big' }, ['path']],
        ['call', { route: 'path', name: 'big' }, ['email', 'path']],
        ['nurture', { route: 'path', name: 'small' }, ['path']],
        ['research', undefined, []],
        ['brief', undefined, ['path', 'email', 'nurture']],
      ],
    );
  });

  it('compiles synthesize steps with from', async () => {
    const brief = stepOf<SynthesizeStep>((await load()).steps, 'brief');
    assert.deepEqual(
      { kind: brief.kind, agent: brief.agent.name, from: brief.from, task: brief.task },
      { kind: 'synthesize', agent: 'editor', from: ['email', 'nurture'], task: 'One brief' },
    );
  });

  it('compiles plan steps with their team, defaults and findings', async () => {
    const { steps } = await load();
    const campaign = stepOf<PlanStep>(steps, 'campaign');
    assert.equal(campaign.kind, 'plan');
    assert.equal(campaign.agent.name, 'planner');
    assert.equal(campaign.goal, 'Plan {{ inputs.product }}');
    assert.deepEqual(
      campaign.team.map((agent) => [agent.name, agent.role]),
      [
        ['writer', 'Writer'],
        ['editor', 'Editor'],
      ],
    );
    assert.deepEqual(campaign.findings, { from: ['research'] });
    assert.deepEqual(
      [campaign.maxTasks, campaign.maxRounds, campaign.maxRepairs, campaign.approve],
      [8, 2, 2, false],
      'defaults',
    );
    const careful = stepOf<PlanStep>(steps, 'careful');
    assert.deepEqual([careful.maxTasks, careful.maxRounds, careful.maxRepairs, careful.approve], [3, 1, 0, true]);
  });

  it('compiles approval steps with their message and content', async () => {
    const { steps } = await load();
    const review = stepOf<ApprovalStep>(steps, 'review');
    assert.deepEqual(
      { kind: review.kind, message: review.message, content: review.content, needs: review.needs },
      { kind: 'approval', message: 'Publish?', content: '{{ steps.brief.output.summary }}', needs: ['brief'] },
    );
    assert.equal(stepOf<ApprovalStep>(steps, 'ask').content, undefined);
    assert.equal(review.retry.attempts, 1);
  });

  it('compiles the playbook budget', async () => {
    assert.deepEqual((await load()).budget, { tokens: 200_000, costUsd: 2, modelCalls: 100, timeMs: 600_000 });
  });
});
