import { Hono } from 'hono';
import type { Runtime } from '../runtime/open-runtime.ts';
import { BrigadeError, WorkspaceInvalidError } from '../spec/index.ts';
import { ApiError, type ApiErrorBody, httpStatusForError } from './api-error.ts';
import { guardHostAndOrigin, requireToken } from './guard-request.ts';
import { buildOpenApi } from './openapi.ts';
import { createOwnedRuns, type OwnedRuns } from './owned-runs.ts';
import { addRunRoutes } from './run-routes.ts';
import { addSettingsRoutes } from './settings-routes.ts';
import { addWebApp } from './web-app.ts';
import { addWorkspaceRoutes } from './workspace-routes.ts';

/** How the API server is set up. */
export interface ServerOptions {
  /** The API token every /api request must carry. */
  token: string;
  /** The port it listens on (a function: with port 0 it is known only once listening). */
  port: () => number;
  /** The host it is bound to; loopback names are always accepted in Host. */
  host?: string;
  /** Where unexpected errors are logged (never sent to the client). */
  log?: (line: string) => void;
  heartbeatMs?: number;
  pollMs?: number;
  /** The built web app's folder (default web/dist of this checkout). */
  webDist?: string;
}

/** The API as a Hono app, and the runs it executes. */
export interface BrigadeServer {
  app: Hono;
  owned: OwnedRuns;
}

/**
 * Creates the HTTP API over a runtime: thin handlers (parse, call the runtime, map the result),
 * one error table, token, Host and Origin checks in front of everything.
 * @example
 * const { app } = createServer(runtime, { token, port: () => 4870 });
 * serve({ fetch: app.fetch, port: 4870, hostname: '127.0.0.1' });
 */
export function createServer(runtime: Runtime, options: ServerOptions): BrigadeServer {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const owned = createOwnedRuns(log);
  const app = new Hono();

  app.onError((error, c) => {
    const body = toErrorBody(error);
    if (body.code === 'INTERNAL') log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error}`);
    return c.json(body, httpStatusForError[body.code]);
  });
  app.notFound((c) =>
    c.json({ code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } satisfies ApiErrorBody, 404),
  );

  app.use(
    '*',
    guardHostAndOrigin(() => {
      const port = options.port();
      const names = ['127.0.0.1', 'localhost', '[::1]'];
      if (options.host && !['0.0.0.0', '::'].includes(options.host) && !names.includes(options.host)) {
        names.push(options.host.includes(':') ? `[${options.host}]` : options.host);
      }
      return names.map((name) => `${name}:${port}`.toLowerCase());
    }),
  );
  app.use('/api/*', requireToken(options.token));

  app.get('/api/openapi.json', (c) => c.json(buildOpenApi()));
  addWorkspaceRoutes(app, runtime);
  addSettingsRoutes(app, runtime);
  addRunRoutes(app, runtime, owned, { heartbeatMs: options.heartbeatMs ?? 15_000, pollMs: options.pollMs ?? 100 });
  addWebApp(app, options.webDist);
  return { app, owned };
}

/** Any error as `{ code, message, hint?, issues? }`: never a stack, never an unexpected error's message. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof WorkspaceInvalidError) {
    return {
      code: error.code,
      message: error.message,
      issues: error.issues,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  if (error instanceof ApiError || error instanceof BrigadeError) {
    const issues = error instanceof ApiError ? error.issues : undefined;
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(issues ? { issues } : {}),
    };
  }
  return { code: 'INTERNAL', message: 'an unexpected error happened; the server log has the details' };
}
