// The Playbooks pages in a real browser: the list, the graph editor (its YAML kept byte for byte when
// nothing changed, steps added by hand, loops refused), and the run form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { openApp, screenshot } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

const scaffoldNames = ['content-launch', 'lead-triage', 'campaign-plan'];
const fileOf = (name: string) => join(app.dir, 'playbooks', `${name}.yaml`);

async function openEditor(name: string, firstStep: string): Promise<void> {
  await app.go(`/playbooks/${name}`);
  await app.page.getByTestId(`step-node-${firstStep}`).waitFor();
}

/** Drags from one step's out-handle to another step's in-handle, as a person links two steps. */
async function link(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('playbook-graph').scrollIntoViewIfNeeded();
  const source = page.getByTestId(`step-node-${from}`).locator('.react-flow__handle.source');
  const target = page.getByTestId(`step-node-${to}`).locator('.react-flow__handle.target');
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

describe('playbooks', () => {
  it('lists the playbooks with description, step count, Run and Edit', async () => {
    await app.go('/playbooks');
    const list = app.page.getByRole('list', { name: 'Playbooks' });
    await list.waitFor();
    for (const name of scaffoldNames) {
      const item = app.page.getByTestId(`playbook-${name}`);
      await item.getByRole('button', { name: `Run ${name}` }).waitFor();
      await item.getByRole('link', { name: `Edit ${name}` }).waitFor();
    }
    await app.page.getByTestId('playbook-content-launch').getByText('8 steps').waitFor();
    await app.page.getByText('Research a topic, write a launch post').waitFor();
    await screenshot(app.page, 'playbooks-list');
  });

  it('shows every step of content-launch as a node and every need as an edge', async () => {
    await openEditor('content-launch', 'trends');
    const data = parse(readFileSync(fileOf('content-launch'), 'utf8')) as {
      steps: Record<string, { needs?: string[] }>;
    };
    let needs = 0;
    for (const [id, step] of Object.entries(data.steps)) {
      await app.page.getByTestId(`step-node-${id}`).waitFor();
      for (const need of step.needs ?? []) {
        needs++;
        await app.page.getByTestId(`rf__edge-${need}->${id}`).waitFor({ state: 'attached' });
      }
    }
    assert.equal(await app.page.locator('.react-flow__node').count(), Object.keys(data.steps).length);
    const edgeIds = await app.page
      .locator('.react-flow__edge')
      .evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-testid')));
    assert.equal(edgeIds.filter((id) => !id?.startsWith('rf__edge-implied:')).length, needs);
    await app.page.getByTestId('step-node-versions').getByText('each ×3').waitFor();
    await app.page.getByRole('textbox', { name: 'YAML' }).waitFor();
    await screenshot(app.page, 'playbook-editor');
  });

  it('saving a playbook unchanged leaves its file byte for byte the same, for every scaffold playbook', async () => {
    const first: Record<string, string> = {
      'content-launch': 'trends',
      'lead-triage': 'qualify',
      'campaign-plan': 'campaign',
    };
    for (const name of scaffoldNames) {
      const before = readFileSync(fileOf(name));
      await openEditor(name, first[name]!);
      assert.equal(await app.page.getByRole('textbox', { name: 'YAML' }).inputValue(), before.toString('utf8'));
      await app.page.getByRole('button', { name: 'Save', exact: true }).click();
      await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      assert.ok(readFileSync(fileOf(name)).equals(before), `${name} is byte-identical`);
    }
  });

  it('adds a step by hand (agent, task, a link from an existing step) and saves clean YAML', async () => {
    const original = readFileSync(fileOf('content-launch'), 'utf8');
    await openEditor('content-launch', 'trends');
    await app.page.getByRole('button', { name: '+ Add step' }).click();
    await app.page.getByTestId('step-node-step').waitFor();
    const panel = app.page.getByRole('form', { name: 'Step step' });
    await panel.getByLabel('Agent').selectOption('editor');
    await panel.getByLabel('Task').fill('Sum up the launch kit in three lines for the team.');
    await panel.getByLabel('Step name').fill('summary');
    await panel.getByLabel('Step name').press('Enter');
    await app.page.getByTestId('step-node-summary').waitFor();
    await link(app.page, 'launch-kit', 'summary');
    await app.page.getByRole('status').filter({ hasText: '“summary” now waits for “launch-kit”' }).waitFor();
    await app.page.getByTestId('rf__edge-launch-kit->summary').waitFor({ state: 'attached' });
    await app.page.getByTestId('unsaved').waitFor();
    await screenshot(app.page, 'playbook-editor-step');
    await app.page.keyboard.press('Control+s');
    await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const saved = readFileSync(fileOf('content-launch'), 'utf8');
    const data = parse(saved) as { steps: Record<string, unknown> };
    assert.deepEqual(data.steps.summary, {
      agent: 'editor',
      needs: ['launch-kit'],
      task: 'Sum up the launch kit in three lines for the team.',
    });
    for (const line of original.split('\n').filter((each) => each.trim().startsWith('#'))) {
      assert.ok(saved.includes(line), `comment kept: ${line}`);
    }
    assert.ok(saved.startsWith(original.slice(0, original.indexOf('\noutput:'))), 'the lines before are untouched');
    assert.match(saved, /\n\n {2}summary:\n {4}agent: editor\n {4}needs: \[launch-kit\]\n {4}task: Sum up/);
    const workspace = await app.api.workspace();
    assert.equal(workspace.valid, true, JSON.stringify(workspace.issues));
  });

  it('refuses a link that would make a loop, with a message', async () => {
    await openEditor('content-launch', 'trends');
    await link(app.page, 'launch-kit', 'trends');
    await app.page.getByRole('alert').filter({ hasText: 'would wait for each other forever' }).waitFor();
    assert.equal(await app.page.getByTestId('unsaved').count(), 0, 'nothing changed');
    assert.equal(await app.page.getByTestId('rf__edge-launch-kit->trends').count(), 0);
  });

  it('checks the YAML as it is typed and marks the step a problem names', async () => {
    await openEditor('content-launch', 'trends');
    const yaml = app.page.getByRole('textbox', { name: 'YAML' });
    const text = await yaml.inputValue();
    await yaml.fill(text.replace('agent: writer', 'agent: ghostwriter'));
    await app.page.getByRole('region', { name: 'Problems' }).getByText('ghostwriter').first().waitFor();
    await app.page.locator('[data-testid="step-node-draft"][data-issue="true"]').waitFor();
    await app.page.getByTestId('step-node-draft').getByText('ghostwriter').waitFor();
    await screenshot(app.page, 'playbook-editor-problems');
    await app.page.getByRole('button', { name: 'Save', exact: true }).click();
    await app.page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    assert.doesNotMatch(readFileSync(fileOf('content-launch'), 'utf8'), /ghostwriter/, 'nothing written');
  });

  it('selects a step from the keyboard and edits it in the side panel', async () => {
    await openEditor('content-launch', 'trends');
    await app.page.getByTestId('step-node-check').locator('..').focus();
    await app.page.keyboard.press('Enter');
    const panel = app.page.getByRole('form', { name: 'Step check' });
    await panel.getByLabel('If it still fails after retries').selectOption('continue');
    await app.page.getByTestId('unsaved').waitFor();
    assert.match(await app.page.getByRole('textbox', { name: 'YAML' }).inputValue(), /\n {4}on_error: continue\n/);
  });

  it('creates a new playbook', async () => {
    await app.go('/playbooks/new');
    await app.page.getByTestId('step-node-first').waitFor();
    const name = app.page.getByLabel('Playbook name');
    await name.fill('weekly-digest');
    await name.press('Enter');
    await app.page.getByRole('button', { name: 'Save', exact: true }).click();
    await app.page.waitForURL(/\/playbooks\/weekly-digest$/);
    const data = parse(readFileSync(fileOf('weekly-digest'), 'utf8')) as {
      name: string;
      steps: Record<string, unknown>;
    };
    assert.equal(data.name, 'weekly-digest');
    assert.ok(data.steps.first);
    await app.page.getByRole('heading', { name: 'weekly-digest' }).waitFor();
    assert.equal(
      await app.page.getByRole('textbox', { name: 'YAML' }).inputValue(),
      readFileSync(fileOf('weekly-digest'), 'utf8'),
    );
    assert.equal(await app.page.getByTestId('unsaved').count(), 0);
  });

  it('the run form shows the declared inputs with their defaults and starts a simulated run', async () => {
    await app.go('/playbooks/content-launch/run');
    const topic = app.page.getByLabel('topic');
    await topic.waitFor();
    assert.equal(await topic.inputValue(), 'AI agents for small marketing teams');
    assert.equal(await app.page.getByLabel('segments').inputValue(), 'founders\nmarketers\nagencies');
    await app.page.getByLabel('segments').fill('founders\nagencies');
    const simulate = app.page.getByLabel('Simulate (no model calls, no cost)');
    await simulate.check();
    await screenshot(app.page, 'run-form');
    await app.page.getByRole('button', { name: 'Start run' }).click();
    await app.page.waitForURL(/\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(app.page.url()).pathname.split('/').pop()!);
    const runs = await app.api.listRuns();
    const run = runs.find((each) => each.id === runId);
    assert.ok(run, 'the run exists');
    assert.equal(run.playbook, 'content-launch');
  });

  it('marks a required input and says so at the field when it is left empty', async () => {
    await app.api.putPlaybook(
      'brief',
      'name: brief\ninputs:\n  audience:\n    type: string\n    description: Who it is for\nsteps:\n  write:\n    agent: writer\n    task: Write for {{ inputs.audience }}\n',
    );
    await app.go('/playbooks/brief/run');
    const audience = app.page.getByLabel('audience');
    await audience.waitFor();
    assert.equal(await audience.getAttribute('aria-required'), 'true');
    await app.page.getByRole('button', { name: 'Start run' }).click();
    await app.page.getByText('Required: fill this in to start the run.').waitFor();
    assert.equal(await audience.getAttribute('aria-invalid'), 'true');
  });

  it('shows the server’s refusal of an input at its field', async () => {
    await app.api.putPlaybook(
      'outreach',
      'name: outreach\ninputs:\n  channels:\n    type: array\n    items: { type: string, enum: [email, social] }\n    default: [email]\nsteps:\n  write:\n    agent: writer\n    task: Write for {{ inputs.channels }}\n',
    );
    await app.go('/playbooks/outreach/run');
    const channels = app.page.getByLabel('channels');
    await channels.fill('email\nfax');
    await app.page.getByLabel('Simulate (no model calls, no cost)').check();
    await app.page.getByRole('button', { name: 'Start run' }).click();
    await app.page.getByRole('alert').filter({ hasText: 'The run did not start' }).waitFor();
    assert.equal(await channels.getAttribute('aria-invalid'), 'true');
    const help = app.page.locator(`#${await channels.getAttribute('aria-describedby')}`);
    assert.match((await help.textContent()) ?? '', /fax/);
    assert.equal(new URL(app.page.url()).pathname, '/playbooks/outreach/run');
  });

  it('fits a phone screen', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/playbooks/content-launch#token=${app.token}`);
    await page.getByTestId('step-node-trends').waitFor();
    await screenshot(page, 'playbook-editor-narrow');
    // A string, so the server-side typecheck (no DOM types) does not see browser globals.
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 1, `no sideways scroll (${overflow}px)`);
    await context.close();
  });

  it('renders with no console errors', () => {
    // The refused save above is a 422 the browser logs as a failed load; nothing else may show.
    assert.deepEqual(
      app.consoleErrors.filter((line) => !line.includes('status of 422')),
      [],
    );
  });
});
