// The Runs page and the run page in a real browser: a content-launch dry run with slow simulated
// models, watched live (steps waiting → running → done, several at once, streamed text, findings),
// paused for the review approval, approved through the API, to its result; then the list and its
// filters, and what a step saw and did.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, recordStepStatuses, screenshot, screenshotDir } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
let runId: string;
let otherRunId: string;
before(async () => {
  app = await openApp({ simulatorLatencyMs: [400, 700] });
});
after(async () => {
  await app?.close();
});

describe('runs in the web app', () => {
  it('shows the empty state before any run', async () => {
    await app.go('/runs');
    await app.page.getByRole('heading', { name: 'No runs yet — open a playbook and press Run' }).waitFor();
    const link = app.page.getByRole('link', { name: 'Open playbooks' });
    assert.equal(await link.getAttribute('href'), '/playbooks');
  });

  it('follows a run live: steps change, three or more run at once, text streams, findings appear', async () => {
    ({ runId } = await app.api.startRun({ playbook: 'content-launch', dryRun: true }));
    await app.go(`/runs/${runId}`);
    const page = app.page;
    await page.getByTestId('run-step-draft').waitFor();
    const seenSoFar = await recordStepStatuses(page);
    await page.locator('[data-testid^="stream-"] .run-stream-text').filter({ hasText: /\w{4}/ }).first().waitFor();
    await page.locator('[data-testid="run-findings"] li').first().waitFor();
    await page.getByTestId('lane-versions[0]').waitFor();
    await screenshot(page, 'run-page-running');

    // The run waits for the review: the banner says so and leads to the inbox.
    const banner = page.getByTestId('run-waiting');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Approve the launch posts/);
    assert.equal(await banner.getByRole('link', { name: /inbox/ }).getAttribute('href'), '/inbox');
    await page.locator('[data-testid="run-step-review"][data-status="waiting"]').waitFor();
    assert.equal(
      await page
        .getByTestId('run-step-versions')
        .innerText()
        .then((text) => /3\/3/.test(text)),
      true,
    );

    await app.api.decide(runId, 'review', { decision: 'approve', comment: 'ship it' });
    const result = page.getByTestId('run-result');
    await result.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="run-step-launch-kit"][data-status="succeeded"]').waitFor();
    assert.equal(await banner.count(), 0, 'the banner is gone once decided');
    assert.ok((await result.innerText()).length > 40, 'the result shows the output');

    const seen = await seenSoFar();
    assert.ok(seen.maxRunning >= 3, `at least three ran at once (saw ${seen.maxRunning})`);
    const draft = seen.statuses.draft ?? [];
    assert.deepEqual(
      draft.filter((status) => ['pending', 'running', 'succeeded'].includes(status)),
      ['pending', 'running', 'succeeded'],
      `draft went from waiting to running to done (saw ${draft.join(' → ')})`,
    );
    assert.ok((seen.statuses.review ?? []).includes('waiting'), 'review waited for a person');
    for (const lane of await page.locator('[data-testid^="lane-"]').all()) {
      assert.equal(await lane.getAttribute('data-status'), 'succeeded');
    }
    await screenshot(page, 'run-page-finished');
  });

  it('explains what a step saw and did: its system prompt and task', async () => {
    const page = app.page;
    await page.getByTestId('lane-draft').getByRole('button').click();
    const detail = page.getByTestId('step-detail');
    await detail.getByTestId('detail-task').waitFor();
    const explained = (await app.api.explainRun(runId, 'draft')).units[0]!.attempts[0]!;
    await detail.getByText('System prompt').click();
    const system = await detail.getByTestId('detail-system').locator('pre').innerText();
    assert.equal(system.trim(), explained.system!.trim());
    const task = await detail.getByTestId('detail-task').innerText();
    assert.match(task, /Write the launch post/);
    await detail.getByText('Output', { exact: true }).waitFor();
    // The drawer is fixed to the window: a picture of the window shows it as people see it.
    await page.screenshot({ path: join(screenshotDir, 'run-page-explain.png') });
    await detail.getByRole('button', { name: 'Close' }).click();
    assert.equal(await detail.count(), 0);
  });

  it('shows the plan of a plan step, and cancels a run after asking', async () => {
    ({ runId: otherRunId } = await app.api.startRun({ playbook: 'campaign-plan', dryRun: true }));
    const page = app.page;
    await app.go(`/runs/${otherRunId}`);
    await page.getByTestId('run-waiting').waitFor();
    const asked = (await app.api.inbox()).find((item) => item.runId === otherRunId);
    assert.equal(asked?.kind, 'plan', 'the plan waits for a person');
    await app.api.decide(otherRunId, asked.id, { decision: 'approve' });
    const plan = page.getByTestId('plan-campaign');
    await plan.locator('tbody tr').first().waitFor();
    const tasks = (await app.api.getRun(otherRunId)).state as { plans: Record<string, { tasks: unknown[] }> };
    assert.equal(await plan.locator('tbody tr').count(), tasks.plans.campaign!.tasks.length);
    await screenshot(page, 'run-page-plan');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByRole('status').filter({ hasText: 'Cancelled: cancelled in the web app' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0);
  });

  it('says so when a run does not exist', async () => {
    // Its own page: the browser logs the refused stream (404) as a console error.
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/runs/r-nope#token=${app.token}`);
    await page.getByRole('alert').filter({ hasText: 'Could not open this run' }).waitFor();
    await context.close();
  });

  it('lists runs with their status, refreshes while one is live, and filters by status, playbook and text', async () => {
    const page = app.page;
    await app.go('/runs');
    const row = page.getByTestId(`run-row-${runId}`);
    const other = page.getByTestId(`run-row-${otherRunId}`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'succeeded');
    await page.locator(`[data-testid="run-row-${otherRunId}"][data-status="cancelled"]`).waitFor();
    await row.getByText('simulated').waitFor();
    await row.getByText(/^\d+ \/ \d+$/).waitFor();
    await screenshot(page, 'runs-page');

    // While a run is live the list refreshes itself.
    const { runId: liveRunId } = await app.api.startRun({ playbook: 'content-launch', dryRun: true });
    await app.go('/runs');
    const live = page.getByTestId(`run-row-${liveRunId}`);
    await live.waitFor();
    assert.equal(await live.getAttribute('data-status'), 'running');
    await app.api.cancelRun(liveRunId, 'test');
    await page.locator(`[data-testid="run-row-${liveRunId}"][data-status="cancelled"]`).waitFor();

    await page.getByLabel('Status').selectOption('succeeded');
    await other.waitFor({ state: 'detached' });
    assert.equal(await row.count(), 1);
    await page.getByLabel('Status').selectOption('cancelled');
    await row.waitFor({ state: 'detached' });
    await other.waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Playbook').selectOption('campaign-plan');
    await row.waitFor({ state: 'detached' });
    await other.waitFor();
    await page.getByLabel('Playbook').selectOption('');
    await page.getByLabel('Search').fill(otherRunId);
    await row.waitFor({ state: 'detached' });
    await live.waitFor({ state: 'detached' });
    await other.waitFor();
    await page.getByLabel('Search').fill('no such run');
    await page.getByRole('heading', { name: 'No run matches these filters' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await row.getByRole('link', { name: 'content-launch' }).click();
    await page.getByTestId('run-result').waitFor();
    assert.equal(new URL(page.url()).pathname, `/runs/${runId}`);
  });

  it('fits a phone screen', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/runs/${runId}#token=${app.token}`);
    await page.getByTestId('run-result').waitFor();
    await page.getByTestId('lane-draft').waitFor();
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px)`);
    await screenshot(page, 'run-page-narrow');
    await context.close();
  });

  it('renders with no console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
