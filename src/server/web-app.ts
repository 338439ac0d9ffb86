import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Hono } from 'hono';

/** Where the built web app is (scripts/build-web.ts writes it). */
export const webDist = resolve(import.meta.dirname, '..', '..', 'web', 'dist');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The app's pages rely on no other origin: scripts and connections only to this server, no frames.
 * Inline styles are allowed because the graph editor positions its nodes with style attributes.
 */
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the web app: its files under /assets, and index.html for every other page path (the app
 * routes in the browser). The files carry no secret: the app asks for the token, the API checks it.
 */
export function addWebApp(app: Hono, dist: string = webDist): void {
  app.get('*', async (c) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) return c.notFound();
    if (!existsSync(join(dist, 'index.html'))) {
      return c.html(
        '<!doctype html><title>Brigade</title><h1>The web app is not built</h1><p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it), then reload.</p>',
        503,
        securityHeaders,
      );
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return c.text('malformed path', 400, securityHeaders);
    }
    const file = resolve(dist, `.${decoded}`);
    const inside = file.startsWith(dist + sep);
    const isFile = inside && (await stat(file).catch(() => null))?.isFile();
    if (isFile && !file.endsWith(`${sep}.sources`)) {
      const immutable = file.startsWith(join(dist, 'assets') + sep);
      return c.body(await readFile(file), 200, {
        ...securityHeaders,
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    if (extname(path)) return c.text(`no file ${path}`, 404, securityHeaders);
    return c.body(await readFile(join(dist, 'index.html')), 200, {
      ...securityHeaders,
      'content-type': types['.html']!,
      'cache-control': 'no-cache',
    });
  });
}
