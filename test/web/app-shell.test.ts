// The web app's shell in a real browser: served by `brigade serve`, signed in with the token from
// the address, refused without it, and the security headers on its pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp, screenshot } from './browser-harness.ts';

let app: Awaited<ReturnType<typeof openApp>>;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

describe('web app shell', () => {
  it('signs in with the token from the address and keeps it out of the address bar', async () => {
    await app.page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(new URL(app.page.url()).hash, '', 'the token is taken out of the address');
    assert.equal(new URL(app.page.url()).pathname, '/runs');
    for (const label of ['Runs', 'Inbox', 'Playbooks', 'Agents', 'Settings']) {
      await app.page.getByRole('link', { name: label, exact: true }).waitFor();
    }
  });

  it('asks for the token when the browser has none, and refuses a wrong one', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/agents`);
    await page.getByRole('heading', { name: 'Sign in to this workspace' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('API token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not this server’s token' }).waitFor();
    await page.getByLabel('API token').fill(app.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/agents');
    await context.close();
  });

  it('says so when the token in a link is refused, and signs in when a right link is opened on the same page', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/runs#token=an-old-token`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'The token in the link you opened is not this server’s token' })
      .waitFor();
    await page.goto(`${app.url}/runs#token=${app.token}`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(new URL(page.url()).hash, '');
    await context.close();
  });

  it('serves every page path with the app and strict security headers, and assets as files', async () => {
    const page = await fetch(`${app.url}/playbooks/content-launch`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const missing = await fetch(`${app.url}/assets/nope.js`);
    assert.equal(missing.status, 404);
    const outside = await app.raw('GET', '/%2e%2e/%2e%2e/package.json');
    assert.ok(!outside.body.includes('"devDependencies"'), 'no file outside web/dist is served');
    const api = await fetch(`${app.url}/api/nope`, { headers: { authorization: `Bearer ${app.token}` } });
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { code: string }).code, 'NOT_FOUND');
  });

  it('renders with no console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
