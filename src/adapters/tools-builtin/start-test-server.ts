import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolContext } from '../../spec/tool.ts';

/** A request a test server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server for tests (only localhost is reachable in CI). */
export interface TestServer {
  port: number;
  /** `http://<host>:<port>` */
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on `host` (default 127.0.0.1), on `port` or a free one; the handler gets the request with its body read. */
export async function startTestServer(
  handler: (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => void,
  host = '127.0.0.1',
  port = 0,
): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      handler(request, response, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    origin: `http://${host}:${bound}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tool context for tests; pass a signal to test cancellation. */
export function testContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return { runId: 'run-test', unit: 'unit-test', agent: 'agent-test', signal };
}
