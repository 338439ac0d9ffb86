// Every example playbook of `brigade init` runs end to end from the CLI with --dry-run (a person's
// approvals given with `brigade approve`), and its log explains afterwards what every agent saw.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunExplanation } from '../src/engine/context/explain-run.ts';
import { createTempDirs, describeResult, parseJson, runBrigade } from './run-brigade.ts';

const temp = createTempDirs('brigade-examples-');
after(() => temp.removeAll());

interface Result {
  runId: string;
  status: string;
  output: unknown;
  pause: { reason: string; waitingFor: string[] } | null;
}

/** Runs a playbook; whenever it pauses for people, approves what waits; returns the final result. */
async function runToEnd(workspace: string, playbook: string): Promise<{ result: Result; approved: string[] }> {
  let step = await runBrigade(['run', playbook, '--dry-run', '--json', '--sim-latency', '5'], { cwd: workspace });
  let result = parseJson<Result>(step);
  const approved: string[] = [];
  for (let rounds = 0; step.code === 6 && rounds < 5; rounds++) {
    assert.equal(result.pause?.reason, 'approval', describeResult(step));
    const id = result.pause!.waitingFor[0]!;
    approved.push(id);
    step = await runBrigade(['approve', result.runId, id, '--json'], { cwd: workspace });
    result = parseJson<Result>(step);
  }
  assert.equal(step.code, 0, describeResult(step));
  assert.equal(result.status, 'succeeded');
  return { result, approved };
}

async function explain(workspace: string, runId: string): Promise<RunExplanation> {
  return parseJson<RunExplanation>(await runBrigade(['explain', runId, '--json'], { cwd: workspace }));
}

/** Every agent's attempt in the log names what it was shown (system prompt, task) and what it answered. */
function assertEveryAgentExplained(explanation: RunExplanation): void {
  for (const unit of explanation.units) {
    for (const attempt of unit.attempts) {
      if (attempt.agent === 'person') continue;
      assert.ok(attempt.system?.startsWith(`You are ${attempt.agent}`), `${unit.unit}: system prompt recorded`);
      assert.ok(attempt.task && attempt.task.length > 0, `${unit.unit}: task recorded`);
      assert.ok(
        attempt.entries.some((entry) => entry.type === 'model-turn'),
        `${unit.unit}: what it answered is recorded`,
      );
    }
  }
}

describe('the example playbooks, end to end on the simulator', () => {
  let workspace: string;
  before(async () => {
    const cwd = temp.create();
    const init = await runBrigade(['init', 'team'], { cwd });
    assert.equal(init.code, 0, describeResult(init));
    workspace = join(cwd, 'team');
  });

  it('content launch: parallel research sharing findings, a person approves, the result is synthesized with attribution', async () => {
    const { result, approved } = await runToEnd(workspace, 'content-launch');
    assert.deepEqual(approved, ['review']);
    const output = result.output as { attribution: Record<string, { agent: string }> };
    assert.deepEqual(Object.keys(output.attribution).sort(), ['check', 'draft', 'review']);
    const explanation = await explain(workspace, result.runId);
    assertEveryAgentExplained(explanation);
    const angle = explanation.units.find((unit) => unit.unit === 'angle')!.attempts[0]!;
    assert.ok(
      angle.entries.some((entry) => entry.type === 'context' && entry.source === 'findings'),
      "the strategist was shown its teammates' findings",
    );
  });

  it('lead handling: three agents in parallel share findings, a route picks the sales path, the others are skipped', async () => {
    const { result, approved } = await runToEnd(workspace, 'lead-triage');
    assert.deepEqual(approved, []);
    const explanation = await explain(workspace, result.runId);
    assertEveryAgentExplained(explanation);
    const route = explanation.units.find((unit) => unit.unit === 'path')!.attempts[0]!;
    const choice = route.outcome.status === 'succeeded' ? (route.outcome.output as { branch: string }) : null;
    assert.ok(choice && ['sales', 'partnerships', 'nurture'].includes(choice.branch));
    const skipped = explanation.steps.filter((step) => step.status === 'skipped');
    assert.equal(skipped.length, 2, 'the two branches not taken');
    assert.ok(skipped.every((step) => step.reason === `route path chose ${choice!.branch}`));
  });

  it('campaign planning: the planner plans for a team of five, a person approves, the plan is revised once', async () => {
    const { result, approved } = await runToEnd(workspace, 'campaign-plan');
    assert.deepEqual(approved, ['campaign:plan']);
    const show = parseJson<{
      state: {
        plans: Record<string, { rounds: Array<{ round: number }>; tasks: Array<{ id: string; round: number }> }>;
      };
    }>(await runBrigade(['show', result.runId, '--json'], { cwd: workspace }));
    const plan = show.state.plans.campaign!;
    assert.equal(plan.rounds.length, 2, 'the first plan and one revision');
    assert.ok(
      plan.tasks.some((task) => task.round === 2),
      'the revision added a task from the first results',
    );
    const explanation = await explain(workspace, result.runId);
    assertEveryAgentExplained(explanation);
    // The planner's first prompt is the attempt's task; its revision round's prompt is in the log too.
    const planner = explanation.units.find((unit) => unit.unit === 'campaign')!.attempts[0]!;
    assert.match(planner.task ?? '', /Plan the Q1 launch campaign/);
    assert.ok(
      planner.entries.some((entry) => entry.type === 'task'),
      'the revision prompt is explained',
    );
    const tasks = explanation.units.filter((unit) => unit.step.startsWith('campaign.'));
    assert.equal(tasks.length, plan.tasks.length, 'every task ran as a step of the run');
    const team = ['trend-researcher', 'competitor-analyst', 'strategist', 'writer', 'personalizer'];
    assert.ok(tasks.every((unit) => team.includes(unit.attempts[0]!.agent)));
  });
});
