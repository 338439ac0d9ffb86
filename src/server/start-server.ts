import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { stateDir } from '../runtime/find-workspace.ts';
import type { Runtime } from '../runtime/open-runtime.ts';
import { type ApiToken, ensureApiToken } from './api-token.ts';
import { type BrigadeServer, createServer } from './create-server.ts';

/** A listening API server. */
export interface RunningServer extends BrigadeServer {
  url: string;
  port: number;
  token: ApiToken;
  /** Runs left behind by a dead process that this start took up. */
  recovered: string[];
  /** Stops accepting requests and closes open streams (runs keep their state in the log). */
  close(): Promise<void>;
}

/**
 * Starts the API on `host:port` (port 0: any free port): creates the token on first start and
 * takes up runs a dead process left behind.
 * @example
 * const server = await startServer(runtime, { port: 4870, host: '127.0.0.1' });
 * console.log(server.url);
 */
export async function startServer(
  runtime: Runtime,
  options: { port: number; host: string; log?: (line: string) => void; heartbeatMs?: number; pollMs?: number },
): Promise<RunningServer> {
  const token = ensureApiToken(stateDir(runtime.root));
  let port = options.port;
  const server = createServer(runtime, {
    token: token.token,
    port: () => port,
    host: options.host,
    ...(options.log ? { log: options.log } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  const http = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: server.app.fetch, port: options.port, hostname: options.host }, () =>
      resolve(listening),
    );
    listening.once('error', reject);
  });
  port = (http.address() as AddressInfo).port;
  const recovered = (await runtime.recoverInterrupted()).map((handle) => server.owned.add(handle).runId);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    ...server,
    url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}`,
    port,
    token,
    recovered,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        if ('closeAllConnections' in http) http.closeAllConnections();
      }),
  };
}
