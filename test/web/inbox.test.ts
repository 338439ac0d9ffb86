// The inbox in a real browser: pending decisions across runs, one approved with an edit, several at
// once (one of them failing, reported), one rejected with the keyboard and a reason, an escalation
// answered with an output by hand (a wrong one refused inline first), the empty state once nothing
// waits, and a decision made elsewhere dropping out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { InboxItem, RunResponse } from '../../src/server/api-types.ts';
import { writeEscalatingPlaybook } from '../server-harness.ts';
import { openApp, screenshot } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
const runs: Record<'edit' | 'bulk1' | 'bulk2' | 'reject' | 'escalate', string> = {
  edit: '',
  bulk1: '',
  bulk2: '',
  reject: '',
  escalate: '',
};

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Polls the inbox until `check` holds. */
async function inboxUntil(check: (items: InboxItem[]) => boolean): Promise<InboxItem[]> {
  for (;;) {
    const items = await app.api.inbox();
    if (check(items)) return items;
    await pause();
  }
}

/** Polls a run until it has ended. */
async function ended(runId: string): Promise<RunResponse> {
  for (;;) {
    const run = await app.api.getRun(runId);
    if (run.run.status !== 'running' && run.run.status !== 'paused') return run;
    await pause();
  }
}

function card(page: Page, runId: string, approvalId: string) {
  return page.getByTestId(`inbox-item-${runId}-${approvalId}`);
}

interface StateShown {
  steps: Record<string, { status: string; output?: unknown; error?: { code: string; message: string } }>;
  approvals: Array<{ id: string; response?: { decision: string; comment?: string; content?: unknown } }>;
}

before(async () => {
  app = await openApp();
  await writeEscalatingPlaybook(app.api, {
    properties: '{ ok: { type: boolean }, note: { type: string } }',
    required: '[ok, note]',
  });
  for (const [name, topic] of [
    ['edit', 'spring sale'],
    ['bulk1', 'summer webinar'],
    ['bulk2', 'autumn newsletter'],
    ['reject', 'winter promo'],
  ] as const) {
    runs[name] = (await app.api.startRun({ playbook: 'content-launch', dryRun: true, inputs: { topic } })).runId;
  }
  runs.escalate = (
    await app.api.startRun({ playbook: 'flaky-check', dryRun: true, inputs: { topic: 'tulips' } })
  ).runId;
  await inboxUntil((items) => Object.values(runs).every((runId) => items.some((item) => item.runId === runId)));
});
after(async () => {
  await app?.close();
});

describe('inbox', () => {
  it('lists every pending decision, grouped by run, with what is asked, where from, and the content', async () => {
    await app.go('/inbox');
    const page = app.page;
    const review = card(page, runs.edit, 'review');
    await review.waitFor();
    await review.getByRole('heading', { name: 'Approve the launch posts before they go out' }).waitFor();
    await review.getByRole('link', { name: 'content-launch' }).waitFor();
    assert.equal(await review.getByRole('link', { name: 'content-launch' }).getAttribute('href'), `/runs/${runs.edit}`);
    await review.getByText(/waiting/).waitFor();
    await page
      .getByRole('region', { name: `content-launch, run ${runs.edit}` })
      .getByText('“spring sale”')
      .waitFor();
    const escalation = card(page, runs.escalate, 'check:escalation');
    await escalation.getByRole('heading', { name: 'Step “check” failed and needs your help' }).waitFor();
    await escalation.getByText('What went wrong').waitFor();
    for (const name of ['Provide output', 'Retry', 'Skip']) await escalation.getByRole('button', { name }).waitFor();
    assert.equal(await escalation.getByRole('button', { name: 'Approve' }).count(), 0);
    await page.getByText('Keyboard:').waitFor();
    await screenshot(page, 'inbox');

    await review.getByRole('button', { name: 'Show raw JSON' }).click();
    await review.locator('pre').waitFor();
    await review.getByRole('button', { name: 'Hide raw JSON' }).click();
  });

  it('approves one with an edit and a comment; the run goes on with the edit', async () => {
    const page = app.page;
    const review = card(page, runs.edit, 'review');
    await review.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = review.getByLabel('Edited content (JSON)');
    const prefilled = JSON.parse(await editor.inputValue()) as unknown;
    assert.deepEqual(prefilled, (await app.api.inbox()).find((item) => item.runId === runs.edit)?.content);
    await editor.fill('{ "launch": "not json');
    await review.getByRole('button', { name: 'Approve with edits' }).click();
    await review.getByRole('alert').filter({ hasText: 'This is not valid JSON' }).waitFor();
    const edited = ['Founders: ship faster with a spring sale', 'Marketers: the spring sale, explained'];
    await editor.fill(JSON.stringify(edited, null, 2));
    await review.getByLabel(/Comment/).fill('Shorter, and on brand');
    await screenshot(page, 'inbox-editing');
    await review.getByRole('button', { name: 'Approve with edits' }).click();
    await review.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .getByText(/Approved: Approve the launch posts/)
      .waitFor();

    const run = await ended(runs.edit);
    assert.equal(run.run.status, 'succeeded');
    const state = run.state as unknown as StateShown;
    assert.deepEqual(state.steps.review?.output, edited);
    const response = state.approvals.find((approval) => approval.id === 'review')?.response;
    assert.equal(response?.decision, 'approve');
    assert.equal(response?.comment, 'Shorter, and on brand');
    assert.deepEqual(response?.content, edited);
  });

  it('approves several at once with one comment and reports each (done, or failed with why); the runs go on', async () => {
    const page = app.page;
    await card(page, runs.bulk1, 'review').getByRole('checkbox').check();
    await card(page, runs.bulk2, 'review').getByRole('checkbox').check();
    await card(page, runs.escalate, 'check:escalation').getByRole('checkbox').check();
    await page.getByText('3 selected').waitFor();
    await page.getByLabel('Comment for the selected').fill('Good to go');
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const report = page.getByTestId('inbox-bulk-report');
    await report.getByText('2 of 3 done, 1 failed').waitFor();
    assert.equal(await report.getByText('done', { exact: true }).count(), 2);
    await report
      .getByText(/check:escalation cannot be answered with "approve".*it offers: provide, retry, skip/)
      .waitFor();
    await card(page, runs.escalate, 'check:escalation').getByRole('checkbox').uncheck();
    await card(page, runs.bulk1, 'review').waitFor({ state: 'detached' });
    await card(page, runs.bulk2, 'review').waitFor({ state: 'detached' });
    for (const runId of [runs.bulk1, runs.bulk2]) {
      const run = await ended(runId);
      assert.equal(run.run.status, 'succeeded');
      const response = (run.state as unknown as StateShown).approvals.find((each) => each.id === 'review')?.response;
      assert.equal(response?.comment, 'Good to go');
    }
    await report.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('provides an escalated step’s output by hand; one that does not match the schema is refused inline', async () => {
    const page = app.page;
    const escalation = card(page, runs.escalate, 'check:escalation');
    await escalation.getByRole('button', { name: 'Provide output' }).click();
    const editor = escalation.getByLabel('The output of check (JSON)');
    assert.deepEqual(JSON.parse(await editor.inputValue()), { ok: false, note: '' }, 'prefilled from the schema');
    await editor.fill('{ "ok": "yes" }');
    await escalation.getByRole('button', { name: 'Provide this output' }).click();
    await escalation.getByRole('alert').filter({ hasText: 'does not match its output schema' }).waitFor();
    await editor.fill('{ "ok": true, "note": "checked by hand" }');
    await escalation.getByRole('button', { name: 'Provide this output' }).click();
    await escalation.waitFor({ state: 'detached' });
    const run = await ended(runs.escalate);
    assert.equal(run.run.status, 'succeeded');
    assert.deepEqual((run.state as unknown as { output: unknown }).output, { ok: true, note: 'checked by hand' });
  });

  it('rejects one from the keyboard with a reason; the run records the rejection', async () => {
    const page = app.page;
    const review = card(page, runs.reject, 'review');
    await page.getByRole('heading', { name: 'Inbox' }).click();
    await page.keyboard.press('j');
    const focused = await review.evaluate((element) => element === element.ownerDocument.activeElement);
    assert.ok(focused, 'j moves to the item');
    await page.keyboard.press('x');
    assert.equal(await review.getByRole('checkbox').isChecked(), true, 'x selects');
    await page.keyboard.press('x');
    await page.keyboard.press('r');
    const reason = review.getByLabel('Why reject it?');
    await reason.waitFor();
    await page.keyboard.type('Off brand for winter');
    await review.getByRole('button', { name: 'Reject', exact: true }).click();
    await review.waitFor({ state: 'detached' });
    const run = await ended(runs.reject);
    const state = run.state as unknown as StateShown;
    const response = state.approvals.find((approval) => approval.id === 'review')?.response;
    assert.equal(response?.decision, 'reject');
    assert.equal(response?.comment, 'Off brand for winter');
    assert.equal(state.steps.review?.error?.code, 'rejected');
  });

  it('shows a tool call as the tool and its arguments; rejecting it keeps the call from running', async () => {
    await app.api.putAgent(
      'publisher',
      [
        'role: Publishes posts',
        'instructions: Publish the post.',
        'tools: [http_request]',
        'simulate:',
        '  tool_calls:',
        '    - - tool: http_request',
        '        input: { url: "https://cms.example.com/posts", method: POST, body: "Spring sale is live" }',
        '',
      ].join('\n'),
    );
    await app.api.putPlaybook(
      'publish-post',
      ['name: publish-post', 'steps:', '  publish: { agent: publisher, task: Publish the spring post }', ''].join('\n'),
    );
    const runId = (await app.api.startRun({ playbook: 'publish-post', dryRun: true })).runId;
    const [item] = (await inboxUntil((items) => items.some((each) => each.runId === runId))).filter(
      (each) => each.runId === runId,
    );
    assert.equal(item?.kind, 'tool');
    const page = app.page;
    const call = card(page, runId, item.id);
    await call.getByRole('heading', { name: 'publisher wants to call http_request' }).waitFor();
    await call.getByText('Tool call', { exact: true }).waitFor();
    await call.getByText('https://cms.example.com/posts').waitFor();
    await call.getByText('Spring sale is live').waitFor();
    await screenshot(page, 'inbox-tool-call');
    assert.equal(await call.getByRole('button', { name: 'Edit' }).count(), 0, 'a tool call is approved as shown');
    await call.getByRole('button', { name: 'Reject' }).click();
    await call.getByLabel('Why reject it?').fill('Not before Monday');
    await call.getByRole('button', { name: 'Reject', exact: true }).click();
    await call.waitFor({ state: 'detached' });
    const run = await ended(runId);
    const response = (run.state as unknown as StateShown).approvals.find((each) => each.id === item.id)?.response;
    assert.equal(response?.decision, 'reject');
    assert.equal(response?.comment, 'Not before Monday');
  });

  it('shows a plan as its tasks; an invalid edit is refused inline; approving lets the tasks run', async () => {
    const runId = (await app.api.startRun({ playbook: 'campaign-plan', dryRun: true })).runId;
    const [item] = (await inboxUntil((items) => items.some((each) => each.runId === runId))).filter(
      (each) => each.runId === runId,
    );
    assert.equal(item?.kind, 'plan');
    const page = app.page;
    const plan = card(page, runId, item.id);
    await plan.getByRole('heading', { name: 'Approve the plan of “campaign” before it runs' }).waitFor();
    const tasks = (item.content as { tasks: Array<{ id: string; instructions: string }> }).tasks;
    await plan.getByText(`${tasks.length} tasks`).waitFor();
    await plan.getByText(tasks[0]!.instructions).waitFor();
    await screenshot(page, 'inbox-plan');
    await plan.getByRole('button', { name: 'Edit tasks' }).click();
    const editor = plan.getByLabel('The plan’s tasks (JSON)');
    const edited = JSON.parse(await editor.inputValue()) as { tasks: Array<{ agent: string }> };
    edited.tasks[0]!.agent = 'nobody-we-know';
    await editor.fill(JSON.stringify(edited, null, 2));
    await plan.getByRole('button', { name: 'Approve with edits' }).click();
    await plan.getByRole('alert').filter({ hasText: 'is not valid' }).waitFor();
    await plan.getByRole('button', { name: 'Cancel' }).click();
    await plan.getByRole('button', { name: 'Approve', exact: true }).click();
    await plan.waitFor({ state: 'detached' });
    for (;;) {
      const state = (await app.api.getRun(runId)).state as unknown as StateShown;
      if (state.steps[`campaign.${tasks[0]!.id}`]) break;
      await pause();
    }
    await app.api.cancelRun(runId, 'test over').catch(() => {});
  });

  it('shows the empty state once nothing waits', async () => {
    await app.page.getByRole('heading', { name: 'Nothing waits for you' }).waitFor();
    await app.page.getByText('a step that failed and asks for help').waitFor();
    await app.page.getByTestId('inbox-count').waitFor({ state: 'detached' });
    await screenshot(app.page, 'inbox-empty');
  });

  it('fits a phone screen; a decision made elsewhere drops out', async () => {
    const runId = (await app.api.startRun({ playbook: 'content-launch', dryRun: true })).runId;
    await inboxUntil((items) => items.some((item) => item.runId === runId));
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/inbox#token=${app.token}`);
    await card(page, runId, 'review').getByRole('button', { name: 'Approve' }).waitFor();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await screenshot(page, 'inbox-narrow');
    // Decided elsewhere (the CLI, another tab): it drops out at the next poll.
    await app.api.decide(runId, 'review', { decision: 'reject', comment: 'decided elsewhere' });
    await card(page, runId, 'review').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Nothing waits for you' }).waitFor();
    await context.close();
  });

  it('renders with no console errors but the three refused decisions', () => {
    // The browser logs every 4xx response: the refused approve of the escalation, its refused output, the refused plan.
    const unexpected = app.consoleErrors.filter((text) => !text.includes('status of 400 (Bad Request)'));
    assert.deepEqual(unexpected, []);
    assert.equal(app.consoleErrors.length - unexpected.length, 3);
  });
});
