import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Issue } from '../spec/index.ts';
import { issuesOf, testAgents } from './write-test-workspace.ts';

const agents = {
  ...testAgents,
  'agents/router.yaml': 'role: Router\ninstructions: Route.\n',
  'agents/planner.yaml': 'role: Planner\ninstructions: Plan.\n',
};

/** Issues of one playbook file, as [line, column, path, message, hint]. */
async function issuesIn(
  text: string,
): Promise<Array<[number | undefined, number | undefined, string, string, string | undefined]>> {
  const issues: Issue[] = await issuesOf({ ...agents, 'playbooks/launch.yaml': text });
  return issues.map((issue) => [issue.line, issue.column, issue.path, issue.message, issue.hint]);
}

describe('step kinds', () => {
  it('accepts one step of every kind', async () => {
    const issues = await issuesIn(`inputs:
  product: { type: string }
steps:
  research: { agent: writer, task: Research, context: { steps: [], max_tokens: 6000 } }
  path:
    route: router
    needs: [research]
    task: "Pick a path for {{ inputs.product }}"
    branches:
      big: { description: Large accounts, steps: [email] }
      small: { steps: [nurture] }
  email: { agent: writer, task: "Email, because {{ steps.path.output.reason }}" }
  nurture: { agent: writer, task: Nurture }
  brief: { synthesize: editor, from: [email, nurture], task: One brief, context: { steps: [research] } }
  campaign:
    plan: planner
    goal: "Plan {{ inputs.product }}"
    team: [writer, editor]
    context: { findings: [research] }
  review: { approval: "Publish?", content: "{{ steps.brief.output.summary }}", needs: [brief, campaign] }
budget: { tokens: 1000, cost_usd: 0.5, model_calls: 3, time: 1m }
`);
    assert.deepEqual(issues, []);
  });

  it('needs one kind key, with did-you-mean for a near miss', async () => {
    assert.deepEqual(await issuesIn('steps:\n  draft: { agnet: writer, task: W }\n'), [
      [
        2,
        3,
        'steps.draft',
        'step "draft" needs one of agent, route, synthesize, plan or approval',
        'did you mean "agent" instead of "agnet"?',
      ],
      [2, 12, 'steps.draft.agnet', 'unknown field "agnet"', 'did you mean "agent"?'],
    ]);
    const [issue] = await issuesIn('steps:\n  draft: { task: W }\n');
    assert.equal(issue?.[4], 'e.g. agent: writer, or approval: "Publish?"');
  });

  it('names both kind keys when a step has two', async () => {
    assert.deepEqual(await issuesIn('steps:\n  draft: { agent: writer, route: router, task: W }\n'), [
      [
        2,
        27,
        'steps.draft.route',
        'step "draft" has both "agent" and "route"; a step has exactly one kind',
        'keep "agent" (agent step) or "route" (route step)',
      ],
    ]);
  });

  it('names the kind a field belongs to and the kind of the step', async () => {
    const issues = await issuesIn(`steps:
  draft:
    agent: writer
    task: W
    branches: { a: { steps: [] }, b: { steps: [] } }
  review: { approval: "Ok?", task: Check it }
  campaign: { plan: planner, goal: G, team: [writer], context: { steps: [draft], findings: false } }
`);
    assert.deepEqual(issues, [
      [
        5,
        5,
        'steps.draft.branches',
        '"branches" belongs to route steps; step "draft" is an agent step',
        'agent steps take: agent, task, output_schema, context, needs, when, for_each, concurrency, retry, timeout, on_error, budget',
      ],
      [
        6,
        30,
        'steps.review.task',
        '"task" belongs to agent, route and synthesize steps; step "review" is an approval step',
        'approval steps take: approval, content, needs, when, for_each, concurrency, retry, timeout, on_error, budget',
      ],
      [
        7,
        66,
        'steps.campaign.context.steps',
        '"context.steps" belongs to agent, route and synthesize steps; step "campaign" is a plan step',
        'plan steps take: findings',
      ],
    ]);
  });

  it('reports the fields a kind needs, and offers its own fields for unknown ones', async () => {
    const issues = await issuesIn(`steps:
  path: { route: router, task: Pick, brnches: {} }
  brief: { synthesize: editor }
`);
    assert.deepEqual(issues, [
      [2, 3, 'steps.path.branches', 'missing required field "branches"', undefined],
      [2, 38, 'steps.path.brnches', 'unknown field "brnches"', 'did you mean "branches"?'],
      [3, 3, 'steps.brief.from', 'missing required field "from"', undefined],
      [3, 3, 'steps.brief.task', 'missing required field "task"', undefined],
    ]);
  });

  it('checks the agents every kind names, and each team member', async () => {
    const issues = await issuesIn(`steps:
  path: { route: routr, task: P, branches: { a: { steps: [] }, b: { steps: [] } } }
  brief: { synthesize: edtor, from: [path], task: B }
  campaign: { plan: planer, goal: G, team: [writer, editr, zebra] }
`);
    assert.deepEqual(issues, [
      [2, 18, 'steps.path.route', 'unknown agent "routr"', 'did you mean "router"?'],
      [3, 24, 'steps.brief.synthesize', 'unknown agent "edtor"', 'did you mean "editor"?'],
      [4, 21, 'steps.campaign.plan', 'unknown agent "planer"', 'did you mean "planner"?'],
      [4, 53, 'steps.campaign.team[1]', 'unknown agent "editr"', 'did you mean "editor"?'],
      [4, 60, 'steps.campaign.team[2]', 'unknown agent "zebra"', 'agents: editor, planner, router, writer'],
    ]);
  });
});

describe('route steps', () => {
  const route = (branches: string, extra = '') => `steps:
  path:
    route: router
    task: Pick${extra}
    branches:
${branches}
  email: { agent: writer, task: E }
  nurture: { agent: writer, task: N }
`;

  it('reports unknown branch steps, the route itself, and a step in two branches', async () => {
    const issues = await issuesIn(
      route(`      big: { steps: [emial, path] }
      small: { steps: [nurture, email] }
      other: { steps: [nurture] }`),
    );
    assert.deepEqual(issues, [
      [6, 22, 'steps.path.branches.big.steps[0]', 'unknown step "emial"', 'did you mean "email"?'],
      [6, 29, 'steps.path.branches.big.steps[1]', 'route "path" cannot be in its own branch', undefined],
      [
        8,
        24,
        'steps.path.branches.other.steps[0]',
        'step "nurture" is already in branch "small" of this route; a step belongs to one branch',
        'to run it after either branch, list it in no branch and give it needs',
      ],
    ]);
  });

  it('reports a step in branches of two routes, fewer than two branches, and for_each', async () => {
    const issues = await issuesIn(`inputs:
  leads: { type: array }
steps:
  first: { route: router, task: P, branches: { a: { steps: [email] }, b: { steps: [] } } }
  second: { route: router, task: P, for_each: inputs.leads, branches: { only: { steps: [email] } } }
  email: { agent: writer, task: E }
`);
    assert.deepEqual(
      issues.map(([line, , path, message]) => [line, path, message]),
      [
        [
          5,
          'steps.second.for_each',
          'for_each does not apply to route steps: a route chooses one branch for the whole run',
        ],
        [5, 'steps.second.branches', 'a route needs at least two branches'],
        [
          5,
          'steps.second.branches.only.steps[0]',
          'step "email" is already in branch "a" of route "first"; a step belongs to one branch',
        ],
      ],
    );
  });

  it('counts a branch step as needing its route: a cycle through it is named', async () => {
    const issues = await issuesIn(
      route(
        `      big: { steps: [email] }
      small: { steps: [nurture] }`,
        '\n    needs: [email]',
      ),
    );
    assert.deepEqual(issues, [
      [
        5,
        12,
        'steps.path.needs',
        'steps form a cycle: path → email → path',
        'remove one of these needs; "email" needs "path": it is in branch "big" of that route',
      ],
    ]);
  });

  it('lets branch steps read the route output, whose fields are branch and reason', async () => {
    const issues = await issuesIn(`steps:
  path: { route: router, task: P, branches: { a: { steps: [email] }, b: { steps: [] } } }
  email: { agent: writer, task: "{{ steps.path.output.reason }} {{ steps.path.output.owner }}" }
  after: { agent: writer, task: A, needs: [path], when: "steps.path.output.branch == 'a'" }
`);
    assert.deepEqual(
      issues.map(([, , path, message, hint]) => [path, message, hint]),
      [['steps.email.task', 'steps.path.output has no field "owner"', 'its output_schema declares: branch, reason']],
    );
  });
});

describe('synthesize steps', () => {
  it('reports unknown, self and repeated sources', async () => {
    const issues = await issuesIn(`steps:
  draft: { agent: writer, task: D }
  brief: { synthesize: editor, task: B, from: [drafts, brief, draft, draft] }
`);
    assert.deepEqual(issues, [
      [3, 48, 'steps.brief.from[0]', 'unknown step "drafts"', 'did you mean "draft"?'],
      [3, 56, 'steps.brief.from[1]', 'step "brief" cannot merge its own output', undefined],
      [3, 70, 'steps.brief.from[3]', '"draft" is listed twice', undefined],
    ]);
  });

  it('counts from as needs: a source that comes after the step is a cycle', async () => {
    const issues = await issuesIn(`steps:
  brief: { synthesize: editor, task: B, from: [draft] }
  draft: { agent: writer, task: D, needs: [brief] }
`);
    assert.deepEqual(issues, [
      [
        2,
        48,
        'steps.brief.from[0]',
        'steps form a cycle: brief → draft → brief',
        'remove one of these needs; "brief" needs "draft": it is in its from',
      ],
    ]);
  });

  it('lets later steps read the summary and parts, not other fields', async () => {
    const issues = await issuesIn(`steps:
  draft: { agent: writer, task: D }
  brief: { synthesize: editor, task: B, from: [draft] }
  post: { agent: writer, needs: [brief], task: "{{ steps.brief.output.summary }} {{ steps.brief.output.text }}" }
`);
    assert.deepEqual(
      issues.map(([, , path, message]) => [path, message]),
      [['steps.post.task', 'steps.brief.output has no field "text"']],
    );
  });
});

describe('context, templates and budgets of the kinds', () => {
  it('reports context.steps that are unknown, the step itself, or not upstream', async () => {
    const issues = await issuesIn(`steps:
  research: { agent: writer, task: R }
  draft: { agent: writer, task: D, needs: [research], context: { steps: [research, resarch, draft, review] } }
  review: { agent: editor, task: C, needs: [draft] }
`);
    assert.deepEqual(issues, [
      [3, 84, 'steps.draft.context.steps[1]', 'unknown step "resarch"', 'did you mean "research"?'],
      [3, 93, 'steps.draft.context.steps[2]', 'step "draft" cannot be shown its own output', undefined],
      [
        3,
        100,
        'steps.draft.context.steps[3]',
        'step "review" is not upstream of "draft", so its output may not exist yet',
        'add "review" to needs',
      ],
    ]);
  });

  it('checks the templates of goal and content like tasks', async () => {
    const issues = await issuesIn(`inputs:
  product: { type: string }
steps:
  campaign: { plan: planner, goal: "Plan {{ inputs.prodct }}", team: [writer] }
  review: { approval: "Ok?", content: "{{ steps.draft.output }}" }
  draft: { agent: writer, task: D }
`);
    assert.deepEqual(
      issues.map(([, , path, message]) => [path, message]),
      [
        ['steps.campaign.goal', 'unknown input "prodct"'],
        ['steps.review.content', 'step "draft" is not upstream of "review", so its output may not exist yet'],
      ],
    );
  });

  it('wants budgets above zero, for steps and for the playbook', async () => {
    const issues = await issuesIn(`steps:
  draft: { agent: writer, task: D, budget: { tokens: 0, cost_usd: 0, model_calls: 1 } }
  check: { agent: writer, task: C, budget: { time: 0s, cost_usd: 0.01 } }
budget: { time: 0ms, model_calls: 2 }
`);
    assert.deepEqual(
      issues.map(([line, , path, message]) => [line, path, message]),
      [
        [2, 'steps.draft.budget.tokens', 'must be at least 1'],
        [2, 'steps.draft.budget.cost_usd', 'must be more than 0'],
        [3, 'steps.check.budget.time', 'budget time must be longer than 0'],
        [4, 'budget.time', 'budget time must be longer than 0'],
      ],
    );
  });
});
