// The Agents pages in a real browser: the list, creating an agent through the form with checks as
// you type, saving an unchanged agent byte for byte, and a refused delete.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, screenshot } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

describe('agents', () => {
  it('lists the workspace agents with role and model', async () => {
    await app.go('/agents');
    const writer = app.page.getByTestId('agent-writer');
    await writer.waitFor();
    assert.match(await writer.innerText(), /Senior content writer/);
    assert.match(await writer.innerText(), /openai:gpt-5-mini/);
    assert.equal(await app.page.getByTestId('agents-list').getByRole('listitem').count(), 10);
    await screenshot(app.page, 'agents-list');
  });

  it('creates an agent through the form, with an inline check as you type', async () => {
    const { page } = app;
    await app.go('/agents');
    await page.getByRole('button', { name: 'New agent' }).first().click();
    await page.getByRole('heading', { name: 'New agent' }).waitFor();
    await page.getByLabel('Name').fill('social-writer');
    await page.getByLabel('Role').fill('Writes social posts');
    await page.getByLabel('Instructions').fill('Write three short posts.\nKeep each under 280 characters.');
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Other model…' });
    await page.getByLabel('Other model').fill('opneai:gpt-5-mini');
    await page.getByRole('checkbox', { name: /write_file/ }).check();
    // The model's issue shows next to the model field, as the CLI words it.
    const modelError = page.locator('.field-error', { hasText: 'opneai' });
    await modelError.waitFor();
    assert.match(await modelError.innerText(), /openai/, 'the hint names the right provider');
    await page.getByTestId('agent-issues').getByText('agents/social-writer.yaml').first().waitFor();
    await page.locator('.ag-preview summary').click();
    await screenshot(page, 'agent-form');
    await page.getByLabel('Other model').fill('openai:gpt-5-mini');
    await page.getByText('No problems: this agent is ready to use.').waitFor();
    assert.equal(await modelError.count(), 0);
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: 'social-writer' }).waitFor();
    const text = readFileSync(join(app.dir, 'agents', 'social-writer.yaml'), 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=\.\.\/schemas\/agent\.schema\.json\nrole:/);
    assert.match(text, /^role: Writes social posts$/m);
    assert.match(text, /^instructions: \|-?\n {2}Write three short posts\.\n {2}Keep each under 280 characters\.$/m);
    assert.match(text, /^model: openai:gpt-5-mini$/m);
    assert.match(text, /^tools: \[write_file\]$/m);
    const listed = await app.api.getAgent('social-writer');
    assert.deepEqual(listed.compiled?.tools, ['write_file']);
  });

  it('saves an unchanged scaffold agent byte for byte, also after an edit is undone', async () => {
    const { page } = app;
    const file = join(app.dir, 'agents', 'writer.yaml');
    const before = readFileSync(file);
    await app.go('/agents/writer');
    const role = page.getByLabel('Role');
    await role.waitFor();
    await page.getByText('No problems: this agent is ready to use.').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved to agents/writer.yaml.').waitFor();
    assert.deepEqual(readFileSync(file), before);
    const original = await role.inputValue();
    await role.fill(`${original} and more`);
    await role.fill(original);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved to agents/writer.yaml.').waitFor();
    assert.deepEqual(readFileSync(file), before);
  });

  it('keeps comments and unknown fields when a field changes', async () => {
    const { page } = app;
    await app.go('/agents/writer');
    await page.getByLabel('Role').fill('Content writer');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved to agents/writer.yaml.').waitFor();
    const text = readFileSync(join(app.dir, 'agents', 'writer.yaml'), 'utf8');
    assert.match(text, /^# yaml-language-server/);
    assert.match(text, /^role: Content writer$/m);
    assert.match(text, /^max_output_tokens: 2500$/m);
    assert.match(text, /^tools: \[read_file\]$/m);
    assert.match(text, /input: \{ path: knowledge\/brand-voice\.md \}/);
  });

  it('refuses to delete an agent a playbook uses, saying which', async () => {
    const { page } = app;
    await app.go('/agents/writer');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'can’t be deleted' })
      .or(page.getByRole('alert').filter({ hasText: "can't be deleted" }));
    await alert.waitFor();
    assert.match(await alert.innerText(), /playbooks\/content-launch\.yaml/);
    assert.ok(readFileSync(join(app.dir, 'agents', 'writer.yaml')).length > 0);
  });

  it('fits a phone screen', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/agents#token=${app.token}`);
    await page.getByTestId('agent-writer').waitFor();
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await screenshot(page, 'agents-list-narrow');
    await context.close();
  });

  it('renders with no console errors (besides the refused delete)', () => {
    const unexpected = app.consoleErrors.filter((line) => !/status of 422/.test(line));
    assert.deepEqual(unexpected, []);
  });
});
