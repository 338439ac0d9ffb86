// `brigade explain`: every example playbook runs end to end with --dry-run, and its log alone explains
// what each agent was shown (system prompt, task, context, findings) and what it did.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunExplanation } from '../src/engine/context/explain-run.ts';
import { createTempDirs, describeResult, parseJson, runBrigade } from './run-brigade.ts';

const temp = createTempDirs('brigade-explain-');
after(() => temp.removeAll());

/** Each step of the scaffold's content-launch, its agent, and a line of its rendered task. */
const contentLaunch: Record<string, [string, string]> = {
  trends: [
    'trend-researcher',
    'What are the trends that matter most right now for "AI agents for small marketing teams"?',
  ],
  competitors: ['competitor-analyst', 'How do the alternatives a buyer would consider talk about "AI agents'],
  angle: ['strategist', 'Find our angle for a launch post about "AI agents for small marketing teams",'],
  draft: ['writer', 'Write the launch post about "AI agents for small marketing teams".'],
  check: ['fact-checker', 'Check every claim in this draft before it is published:'],
  'versions[0]': ['personalizer', 'Rewrite this post for the "founders" segment.'],
  'versions[1]': ['personalizer', 'Rewrite this post for the "marketers" segment.'],
  'versions[2]': ['personalizer', 'Rewrite this post for the "agencies" segment.'],
  'launch-kit': ['editor', 'Assemble the launch kit for "AI agents for small marketing teams":'],
};

describe('brigade explain', () => {
  let workspace: string;
  let runId: string;
  before(async () => {
    const cwd = temp.create();
    assert.equal((await runBrigade(['init', 'team'], { cwd })).code, 0);
    workspace = join(cwd, 'team');
    const run = await runBrigade(['run', 'content-launch', '--dry-run', '--json', '--sim-latency', '5'], {
      cwd: workspace,
    });
    assert.equal(run.code, 6, describeResult(run));
    runId = parseJson<{ runId: string }>(run).runId;
    const approve = await runBrigade(['approve', runId, 'review', '--json'], { cwd: workspace });
    assert.equal(approve.code, 0, describeResult(approve));
  });

  it("--json: content-launch's log says, per unit, the agent, its system prompt, task and the findings it was shown", async () => {
    const result = await runBrigade(['explain', runId, '--json'], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    const explanation = parseJson<RunExplanation>(result);
    assert.equal(explanation.playbook, 'content-launch');
    assert.equal(explanation.status, 'succeeded');
    assert.equal(explanation.dryRun, true);
    assert.deepEqual(
      explanation.units.map((unit) => unit.unit).sort(),
      [...Object.keys(contentLaunch), 'review'].sort(),
    );
    // The review is a person's: the log says what they were shown and what they decided.
    const review = explanation.units.find((unit) => unit.unit === 'review')!.attempts[0]!;
    assert.equal(review.agent, 'person');
    const asked = review.entries.find((entry) => entry.type === 'approval');
    assert.ok(asked?.type === 'approval');
    assert.equal(asked.message, 'Approve the launch posts before they go out');
    assert.equal((asked.content as string[]).length, 3, 'the three versions were shown');
    assert.equal(asked.decision?.decision, 'approve');
    for (const unit of explanation.units.filter((each) => each.unit !== 'review')) {
      const [agent, task] = contentLaunch[unit.unit]!;
      const attempt = unit.attempts.at(-1)!;
      assert.equal(attempt.agent, agent, unit.unit);
      assert.equal(attempt.model, 'openai:gpt-5-mini');
      assert.equal(attempt.servedBy, 'simulator');
      assert.equal(attempt.contextWindow, 400_000);
      assert.ok(attempt.system?.startsWith(`You are ${agent}: `), `${unit.unit}: ${attempt.system}`);
      assert.ok(attempt.tools?.includes('share_finding'), unit.unit);
      assert.ok(attempt.task?.includes(task), `${unit.unit}: ${attempt.task}`);
      assert.ok(
        attempt.entries.some((entry) => entry.type === 'model-turn'),
        unit.unit,
      );
      assert.equal(attempt.outcome.status, 'succeeded');
    }

    // The strategist subscribed to the researchers' findings: it was shown both, while it worked.
    const angle = explanation.units.find((unit) => unit.unit === 'angle')!.attempts[0]!;
    const shown = angle.entries.filter((entry) => entry.type === 'context' && entry.source === 'findings');
    assert.equal(shown.length, 1);
    const [digest] = shown;
    assert.ok(digest?.type === 'context');
    assert.deepEqual(digest.findingIds?.toSorted(), ['f1', 'f2']);
    assert.match(digest.text, /trend-researcher on trend: Small teams move budget/);
    assert.match(digest.text, /competitor-analyst on gap: Nobody shows a small team/);
    assert.ok(digest.turn > 0, 'shown before a later turn, not at the start');
    // The researchers' own findings are in their explanations, as shared.
    const trends = explanation.units.find((unit) => unit.unit === 'trends')!.attempts[0]!;
    assert.ok(trends.entries.some((entry) => entry.type === 'finding-share' && entry.finding.topic === 'trend'));
  });

  it('on a terminal: each unit with its agent, system prompt, task and context; one step on its own', async () => {
    const result = await runBrigade(['explain', runId], { cwd: workspace });
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, new RegExp(`^Run ${runId} · content-launch · succeeded · dry run`));
    for (const [unit, [agent, task]] of Object.entries(contentLaunch)) {
      const at = result.stdout.indexOf(`━━ ${unit}`);
      assert.ok(at >= 0, `${unit} in:\n${result.stdout}`);
      const next = result.stdout.indexOf('\n━━ ', at + 1);
      const section = result.stdout.slice(at, next < 0 ? undefined : next);
      assert.match(
        section,
        new RegExp(`attempt 1: agent ${agent} · model openai:gpt-5-mini \\(served by simulator\\)`),
      );
      assert.match(section, new RegExp(`  system · tools: .*\\n    │ You are ${agent}: `));
      assert.ok(section.includes(`  task\n    │ ${task}`), `${unit}: task in\n${section}`);
      assert.match(section, / {2}output\n {4}│ /);
    }
    assert.match(
      result.stdout,
      / {2}context before turn \d+: new findings f[12], f[12]\n {4}│ New findings from your teammates/,
    );

    const one = await runBrigade(['explain', runId, 'versions'], { cwd: workspace });
    assert.equal(one.code, 0, describeResult(one));
    assert.deepEqual(
      [...one.stdout.matchAll(/^━━ (\S+)/gm)].map((match) => match[1]),
      ['versions[0]', 'versions[1]', 'versions[2]'],
    );
    assert.match(one.stdout, /━━ versions\[1\] \(item marketers\) · personalizer · succeeded/);
  });

  it('lead-triage explains too: the route, and the branches it did not take as skipped', async () => {
    const run = await runBrigade(['run', 'lead-triage', '--dry-run', '--json', '--sim-latency', '5'], {
      cwd: workspace,
    });
    assert.equal(run.code, 0, describeResult(run));
    const id = parseJson<{ runId: string }>(run).runId;
    const explanation = parseJson<RunExplanation>(await runBrigade(['explain', id, '--json'], { cwd: workspace }));
    const agents = Object.fromEntries(explanation.units.map((unit) => [unit.unit, unit.attempts.at(-1)!.agent]));
    assert.equal(agents.qualify, 'lead-qualifier');
    assert.equal(agents.path, 'lead-router');
    const branches = ['demo_invite', 'partner_intro', 'nurture_email'];
    const ran = branches.filter((step) => agents[step] === 'personalizer');
    const skipped = explanation.steps.filter((step) => branches.includes(step.step) && step.status === 'skipped');
    assert.equal(ran.length, 1, 'one branch ran');
    assert.equal(skipped.length, 2, 'the other two are explained as skipped');
    assert.ok(skipped.every((step) => /route path chose/.test(step.reason ?? '')));
    assert.match(explanation.units.find((unit) => unit.unit === 'qualify')!.attempts[0]!.task!, /Dana Reyes/);
  });

  it('says which steps a run has when asked for another, and exits 4 for an unknown run', async () => {
    const wrong = await runBrigade(['explain', runId, 'draftt'], { cwd: workspace });
    assert.equal(wrong.code, 2, describeResult(wrong));
    assert.match(
      wrong.stderr,
      /error: run r-\w+ has no step "draftt"\n {2}hint: its steps: trends, competitors, angle, draft/,
    );
    const missing = await runBrigade(['explain', 'r-nope'], { cwd: workspace });
    assert.equal(missing.code, 4, describeResult(missing));
    assert.match(missing.stderr, /error: no run r-nope/);
  });
});
