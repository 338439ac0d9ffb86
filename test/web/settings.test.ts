// The Settings page in a real browser: a provider key stored encrypted and only ever shown masked,
// and run settings written to brigade.yaml with its comments kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, screenshot } from './browser-harness.ts';

const secret = 'sk-ant-BROWSER-SECRET-5555555555abcd';

let app: Awaited<ReturnType<typeof openApp>>;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

describe('settings', () => {
  it('stores a provider key: shown masked, encrypted on disk, never in the page', async () => {
    const { page } = app;
    await app.go('/settings');
    const row = page.getByTestId('provider-anthropic');
    await row.getByText('Not set: simulated').waitFor();
    // The environment's key is shown masked, with where it comes from.
    const openai = page.getByTestId('provider-openai');
    await openai.getByText('Set in environment').waitFor();
    assert.equal(await page.getByTestId('key-openai').innerText(), `••••••••${'cdef'}`);
    await row.getByLabel('API key for anthropic').fill(secret);
    await row.getByRole('button', { name: 'Save key' }).click();
    await row.getByText('Stored in Brigade').waitFor();
    assert.equal(await page.getByTestId('key-anthropic').innerText(), '••••••••abcd');
    assert.equal(await row.getByLabel('API key for anthropic').inputValue(), '', 'the field is emptied');
    assert.ok(!(await page.content()).includes(secret), 'the key is in the page');
    assert.ok(!(await page.content()).includes('BROWSER-SECRET'), 'part of the key is in the page');
    const stored = readFileSync(join(app.dir, '.brigade', 'secrets.json'), 'utf8');
    assert.match(stored, /"anthropic"/);
    assert.ok(!stored.includes(secret), 'the key is stored in plain text');
    await row.getByRole('button', { name: 'Replace key' }).waitFor();
    await row.getByRole('button', { name: 'Remove stored key' }).waitFor();
  });

  it('changes concurrency in brigade.yaml, keeping its comments; refuses a bad value with the issue', async () => {
    const { page } = app;
    await app.go('/settings');
    const field = page.getByLabel('Agents working at once');
    await field.waitFor();
    assert.equal(await field.inputValue(), '8');
    await field.fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await page.locator('.field-error').filter({ hasText: /1/ }).first().waitFor();
    assert.match(readFileSync(join(app.dir, 'brigade.yaml'), 'utf8'), /^concurrency: 8$/m, 'nothing written');
    await field.fill('4');
    await page.getByRole('button', { name: 'Add a rate limit' }).click();
    await page.getByLabel('Provider or model').fill('openai');
    await page.getByLabel('Requests per minute for openai').fill('500');
    await page.getByLabel('Time').fill('20m');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved to brigade.yaml').waitFor();
    const text = readFileSync(join(app.dir, 'brigade.yaml'), 'utf8');
    assert.match(text, /^concurrency: 4$/m);
    assert.match(text, /^limits:\n {2}openai:\n {4}requests_per_minute: 500$/m);
    assert.match(text, /^budget:\n {2}time: 20m$/m);
    assert.match(text, /# At most this many agents work at the same time, across every run of this workspace\./);
    assert.match(text, /# How simulated models behave/);
    assert.match(text, /^ {4}# Keep agents away from your private network/m);
    assert.equal((await app.api.settings()).concurrency, 4);
    await page.getByRole('heading', { name: 'Model providers' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings');
  });

  it('fits a phone screen', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/settings#token=${app.token}`);
    await page.getByLabel('Agents working at once').waitFor();
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await screenshot(page, 'settings-narrow');
    await page.goto(`${app.url}/agents/writer`);
    await page.getByLabel('Role').waitFor();
    const formOverflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(formOverflow <= 0, `the agent form is ${formOverflow}px wider than the screen`);
    await screenshot(page, 'agent-form-narrow');
    await context.close();
  });

  it('renders with no console errors (besides the refused save)', () => {
    assert.deepEqual(
      app.consoleErrors.filter((line) => !/status of 422/.test(line)),
      [],
    );
  });
});
