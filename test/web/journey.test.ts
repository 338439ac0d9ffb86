// A marketer's whole journey in a real browser, with nothing but the app: create an agent with the
// form, build a playbook on the graph (three steps side by side, a person's approval, a last step),
// run it on the simulator, watch the steps go from waiting to running to done with three running at
// once, approve the pending step from the Inbox, and find the result on the run page.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { openApp, recordStepStatuses, type SeenStatuses, screenshot } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
let runId = '';
/** Reads what the run page showed (the recorder stays on the page across the journey's steps). */
let seenSoFar: () => Promise<SeenStatuses>;
before(async () => {
  app = await openApp({ simulatorLatencyMs: [700, 1100] });
});
after(async () => {
  await app?.close();
});

describe('from an empty idea to an approved result, in the app only', () => {
  it('creates an agent with the form', async () => {
    const page = app.page;
    await app.go('/agents/new');
    await page.getByLabel('Name').fill('social-writer');
    await page.getByLabel('Role').fill('Writes short social posts');
    await page.getByLabel('Instructions').fill('Write crisp posts for LinkedIn. Plain words, no hype.');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/agents\/social-writer$/);
    // The page it lands on is the saved agent, not an empty form.
    await page.getByRole('heading', { name: 'social-writer' }).waitFor();
    assert.equal(await page.getByLabel('Role').inputValue(), 'Writes short social posts');
    assert.match(await page.getByLabel('Instructions').inputValue(), /crisp posts/);
    assert.equal(await page.getByText('found an empty file').count(), 0);
    const file = join(app.dir, 'agents', 'social-writer.yaml');
    assert.ok(existsSync(file), 'the agent is a file in the workspace');
    const agent = parse(readFileSync(file, 'utf8')) as { role: string; instructions: string };
    assert.equal(agent.role, 'Writes short social posts');
    assert.match(agent.instructions, /crisp posts/);
  });

  it('builds a playbook on the graph: three parallel steps, an approval, a last step', async () => {
    const page = app.page;
    await app.go('/playbooks/new');
    await page.getByTestId('step-node-first').waitFor();
    const name = page.getByLabel('Playbook name');
    await name.fill('social-week');
    await name.press('Enter');
    // One input the run form will ask for, with a default.
    await page.getByLabel('New input').fill('topic');
    await page.getByRole('button', { name: 'Add input' }).click();
    await page.getByLabel('Default of topic').fill('AI agents for small marketing teams');
    await page.getByLabel('Default of topic').press('Tab');

    /** Selects a step's node and fills its panel. */
    async function editStep(id: string, fields: { rename?: string; kind?: string; agent?: string; task?: string }) {
      await page.getByTestId(`step-node-${id}`).click();
      const panel = page.getByRole('form', { name: `Step ${id}` });
      await panel.waitFor();
      if (fields.kind) await panel.getByLabel('Kind').selectOption(fields.kind);
      if (fields.agent) await panel.getByLabel('Agent').selectOption(fields.agent);
      if (fields.task) {
        await panel.getByLabel(fields.kind === 'approval' ? 'What to approve' : 'Task').fill(fields.task);
        await panel.getByLabel(fields.kind === 'approval' ? 'What to approve' : 'Task').press('Tab');
      }
      if (fields.rename) {
        await panel.getByLabel('Step name').fill(fields.rename);
        await panel.getByLabel('Step name').press('Enter');
        await page.getByTestId(`step-node-${fields.rename}`).waitFor();
      }
    }
    async function addStep(id: string, fields: { kind?: string; agent?: string; task: string; waitsFor?: string[] }) {
      await page.getByRole('button', { name: '+ Add step' }).click();
      await page.getByTestId('step-node-step').waitFor();
      await editStep('step', { ...fields, rename: id });
      if (fields.waitsFor) {
        const panel = page.getByRole('form', { name: `Step ${id}` });
        for (const need of fields.waitsFor) {
          await panel.getByRole('group', { name: 'Waits for' }).getByLabel(need, { exact: true }).check();
        }
      }
    }

    await editStep('first', {
      agent: 'social-writer',
      task: 'Three facts about {{ inputs.topic }} a marketer can use',
      rename: 'facts',
    });
    await addStep('hooks', { agent: 'social-writer', task: 'Five opening hooks for a post on {{ inputs.topic }}' });
    await addStep('hashtags', { agent: 'trend-researcher', task: 'Hashtags that trend for {{ inputs.topic }}' });
    await addStep('review', {
      kind: 'approval',
      task: 'Approve the ideas before the post is written',
      waitsFor: ['facts', 'hooks', 'hashtags'],
    });
    await addStep('post', {
      agent: 'social-writer',
      task: 'Write the post from {{ steps.facts.output }} and {{ steps.hooks.output }}',
      waitsFor: ['review'],
    });
    await screenshot(page, 'journey-playbook-built');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/playbooks\/social-week$/);

    const playbook = parse(readFileSync(join(app.dir, 'playbooks', 'social-week.yaml'), 'utf8')) as {
      steps: Record<string, { agent?: string; approval?: string; needs?: string[] }>;
    };
    assert.deepEqual(Object.keys(playbook.steps), ['facts', 'hooks', 'hashtags', 'review', 'post']);
    assert.equal(playbook.steps.facts?.agent, 'social-writer');
    assert.deepEqual(playbook.steps.review?.needs, ['facts', 'hooks', 'hashtags']);
    assert.ok(playbook.steps.review?.approval);
    assert.equal((await app.api.workspace()).valid, true, 'the workspace is valid with the new files');
  });

  it('runs it from the run form on the simulator: steps go waiting → running → done, three at once', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/playbooks\/social-week\/run$/);
    assert.equal(await page.getByLabel('topic').inputValue(), 'AI agents for small marketing teams');
    await page.getByLabel('Simulate (no model calls, no cost)').check();
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/r-/);
    runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('run-step-post').waitFor();
    seenSoFar = await recordStepStatuses(page);
    await page.locator('[data-testid="run-step-review"][data-status="waiting"]').waitFor();
    await screenshot(page, 'journey-run-waiting');
    const seen = await seenSoFar();
    assert.ok(seen.maxRunning >= 3, `at most ${seen.maxRunning} steps were seen running at once`);
    for (const step of ['facts', 'hooks', 'hashtags']) {
      const statuses = seen.statuses[step] ?? [];
      assert.equal(statuses.at(-1), 'succeeded', `${step}: ${statuses.join(' → ')}`);
      assert.ok(statuses.includes('running'), `${step} was seen running: ${statuses.join(' → ')}`);
    }
    assert.deepEqual(seen.statuses.post, ['pending'], 'post waits for the approval');
  });

  it('approves the pending step from the Inbox in a second tab; the run page shows it go on to the result', async () => {
    const runPage = app.page;
    const banner = runPage.getByTestId('run-waiting');
    await banner.waitFor();
    assert.equal(await banner.getByRole('link', { name: /inbox/i }).getAttribute('href'), '/inbox');

    const inbox = await runPage.context().newPage();
    await inbox.goto(`${app.url}/inbox`);
    const card = inbox.getByTestId(`inbox-item-${runId}-review`);
    await card.getByRole('heading', { name: 'Approve the ideas before the post is written' }).waitFor();
    await screenshot(inbox, 'journey-inbox');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await inbox.close();

    const result = runPage.getByTestId('run-result');
    await result.waitFor();
    assert.match(await result.innerText(), /\w{8}/, 'the result has text');
    await runPage.locator('[data-testid="run-step-post"][data-status="succeeded"]').waitFor();
    await screenshot(runPage, 'journey-run-result');
    const seen = await seenSoFar();
    assert.deepEqual(
      seen.statuses.post,
      ['pending', 'running', 'succeeded'],
      'post went from waiting to running to done',
    );
    assert.ok(seen.statuses.review?.includes('waiting'), `review waited for a person: ${seen.statuses.review}`);

    const { run, state } = await app.api.getRun(runId);
    assert.equal(run.status, 'succeeded');
    const approvals = (state as { approvals: Array<{ id: string; response?: { decision: string } }> }).approvals;
    assert.equal(approvals.find((approval) => approval.id === 'review')?.response?.decision, 'approve');
    await app.go('/runs');
    await app.page.getByRole('link', { name: 'social-week' }).first().waitFor();
  });

  it('showed no errors in the page', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
