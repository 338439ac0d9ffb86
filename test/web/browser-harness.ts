// Browser tests: the real server (startTestServer) serving the built web app, driven by Debian's
// Chromium through playwright-core. Screenshots go to test-artifacts/screenshots/ for review.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestServer } from '../server-harness.ts';

const root = resolve(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-artifacts', 'screenshots');

/** Where Chromium is: BRIGADE_CHROMIUM, else Debian's. A missing browser fails the suite with the fix. */
export function chromiumPath(): string {
  const path = process.env.BRIGADE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `no Chromium at ${path}: the browser tests need it. Install Debian's (apt-get install -y chromium) or set BRIGADE_CHROMIUM`,
    );
  }
  return path;
}

/** Builds web/dist when its sources changed, so the tests see the app as it is in the tree. */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.ts'), '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the web app failed');
}

/**
 * A headless Chromium with no background networking (the machine's network is closed). playwright
 * gives every launch a fresh, temporary profile.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A server over a fresh `brigade init` workspace and a browser page signed in to it;
 * `simulatorLatencyMs` slows simulated model calls so live views can be watched.
 */
export async function openApp(
  options: { viewport?: { width: number; height: number }; simulatorLatencyMs?: number | [number, number] } = {},
) {
  ensureWebBuilt();
  chromiumPath(); // no browser: fail now, before a server is started
  const server = await startTestServer(
    options.simulatorLatencyMs === undefined ? {} : { simulatorLatencyMs: options.simulatorLatencyMs },
  );
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(`${server.server.url}/runs#token=${server.token}`);
  return {
    ...server,
    browser,
    page,
    url: server.server.url,
    /** Errors the page logged (a test can assert there were none). */
    consoleErrors,
    /** Goes to a path of the app, signed in. */
    async go(path: string) {
      await page.goto(`${server.server.url}${path}`);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** What a run page showed, as recorded by `recordStepStatuses`. */
export interface SeenStatuses {
  /** The most steps (graph nodes) or units (lanes) shown running at the same moment. */
  maxRunning: number;
  /** Every status each step's node showed, in order, without repeats. */
  statuses: Record<string, string[]>;
}

/**
 * Starts recording, inside the page, every status change of a run page's step nodes and the most
 * running at once (a MutationObserver, so no change between two polls is missed). Returns a function
 * that reads what was seen so far.
 */
export async function recordStepStatuses(page: Page): Promise<() => Promise<SeenStatuses>> {
  await page.evaluate(`(() => {
    const seen = { maxRunning: 0, statuses: {} };
    window.brigadeSeen = seen;
    const record = () => {
      const lanes = document.querySelectorAll('[data-testid^="lane-"][data-status="running"]').length;
      const nodes = document.querySelectorAll('[data-testid^="run-step-"][data-status="running"]').length;
      seen.maxRunning = Math.max(seen.maxRunning, lanes, nodes);
      for (const node of document.querySelectorAll('[data-testid^="run-step-"]')) {
        const step = node.getAttribute('data-testid').slice('run-step-'.length);
        const list = seen.statuses[step] ?? (seen.statuses[step] = []);
        const status = node.getAttribute('data-status');
        if (list.at(-1) !== status) list.push(status);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'],
    });
    record();
  })()`);
  return async () => (await page.evaluate('window.brigadeSeen')) as SeenStatuses;
}
