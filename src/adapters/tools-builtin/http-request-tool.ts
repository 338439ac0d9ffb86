import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Json } from '../../spec/json.ts';
import type { ToolOutcome } from '../../spec/tool.ts';
import type { BuiltinTool } from './builtin-tool.ts';
import { displayUrl, followRedirect } from './follow-redirect.ts';
import { openRequest } from './open-request.ts';
import { type PreparedRequest, prepareRequest, redactSecrets } from './prepare-request.ts';
import { describeBody, readBody } from './read-body.ts';
import { type HttpPolicy, type ResolveHost, vetDestination } from './vet-destination.ts';

/** How `http_request` behaves; see docs/tools.md for the network policy. */
export interface HttpRequestToolOptions {
  policy: HttpPolicy;
  /** Methods agents may use. Writes to the outside world (POST, PUT, PATCH, DELETE) are opt-in. */
  allowMethods: readonly string[];
  /** Budget for the whole call, redirects included. */
  timeoutMs: number;
  /** Body bytes kept (after decompression); the rest is cut with a note. */
  maxResponseBytes: number;
  resolveHost: ResolveHost;
}

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const safeResponseHeaders = new Set([
  'content-type',
  'content-length',
  'content-language',
  'content-disposition',
  'last-modified',
  'etag',
  'cache-control',
  'expires',
  'date',
  'age',
  'location',
  'retry-after',
  'allow',
  'link',
]);
const rateLimitHeader = /^(x-)?ratelimit-/;

/** `http_request`: one HTTP(S) request to the public internet, SSRF-checked on every hop. */
export function createHttpRequestTool(options: HttpRequestToolOptions): BuiltinTool {
  return {
    descriptor: {
      name: 'http_request',
      risk: 'external',
      description:
        'Make an HTTP(S) request and get back the status, the main response headers and the body as text. ' +
        'Use it to fetch web pages or call JSON APIs. Redirects are followed (at most 5). ' +
        `Bodies longer than ${options.maxResponseBytes} bytes are cut off, with a note. ` +
        'Only public internet addresses are reachable unless the workspace allows more; ' +
        'a blocked request says why. Give JSON bodies as objects; they are sent as application/json.',
      inputSchema: {
        type: 'object',
        properties: {
          url: { type: 'string', minLength: 1, description: 'Absolute http:// or https:// URL.' },
          method: {
            type: 'string',
            enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
            description: 'HTTP method; GET when left out.',
          },
          headers: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: 'Request headers, e.g. {"Accept": "application/json"}.',
          },
          body: {
            description: 'Request body: a string is sent as is (text/plain), any other JSON value as application/json.',
          },
        },
        required: ['url'],
        additionalProperties: false,
      },
    },
    run: (input, context) => runHttpRequest(input, context.signal, options),
    // Reading a page changes nothing; any other method may (it is also opt-in per workspace).
    actsOnWorld: (input) => {
      const method = (input as { method?: unknown } | null)?.method;
      return typeof method === 'string' && !['GET', 'HEAD'].includes(method.toUpperCase());
    },
  };
}

async function runHttpRequest(
  input: { [key: string]: Json },
  runSignal: AbortSignal,
  options: HttpRequestToolOptions,
): Promise<ToolOutcome> {
  const prepared = prepareRequest(input);
  if ('error' in prepared) return { ok: false, error: prepared.error };
  if (!options.allowMethods.includes(prepared.method)) {
    return {
      ok: false,
      error:
        `${prepared.method} requests are not allowed in this workspace: requests that change things elsewhere are opt-in; ` +
        `allowed: ${options.allowMethods.join(', ')}. A person can allow ${prepared.method} in brigade.yaml under ` +
        'tools.http_request.allow_methods.',
    };
  }
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([runSignal, deadline]);
  let request = prepared;
  try {
    for (let redirects = 0; ; redirects += 1) {
      const destination = await vetDestination(request.url, options.policy, options.resolveHost, signal);
      if (!destination.ok) return { ok: false, error: withHop(destination.error, request.url, redirects) };
      const response = await openRequest({ ...request, addresses: destination.addresses, signal });
      const location = redirectStatuses.has(response.statusCode ?? 0) ? response.headers.location : undefined;
      if (location === undefined) return await finish(response, request, options);
      response.destroy();
      if (redirects === maxRedirects) {
        return { ok: false, error: `too many redirects: stopped after ${maxRedirects} (next was ${location})` };
      }
      const next = followRedirect(request, response.statusCode ?? 0, location, options.policy);
      if ('error' in next) return { ok: false, error: next.error };
      request = next;
    }
  } catch (error) {
    const target = displayUrl(request.url);
    if (runSignal.aborted) return { ok: false, error: `cancelled: the run stopped this request to ${target}` };
    if (deadline.aborted) {
      return { ok: false, error: `timed out after ${options.timeoutMs} ms waiting for ${target}; try again later` };
    }
    return { ok: false, error: describeFailure(error, request.url) };
  }
}

async function finish(
  response: IncomingMessage,
  request: PreparedRequest,
  options: HttpRequestToolOptions,
): Promise<ToolOutcome> {
  const head = request.method === 'HEAD';
  const body = head ? { bytes: Buffer.alloc(0), truncated: false } : await readBody(response, options.maxResponseBytes);
  if (head) response.destroy();
  let text = describeBody(body, response.headers['content-type']);
  if (body.truncated) {
    text += `\n\n[truncated: the response is longer than ${options.maxResponseBytes} bytes; only the first ${options.maxResponseBytes} are shown]`;
  }
  return {
    ok: true,
    output: {
      status: response.statusCode ?? 0,
      headers: pickHeaders(response.headers, request.headers),
      body: redactSecrets(text, request.headers),
      url: displayUrl(request.url),
      truncated: body.truncated,
    },
  };
}

function pickHeaders(headers: IncomingHttpHeaders, requestHeaders: Record<string, string>): { [key: string]: Json } {
  const picked: { [key: string]: Json } = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !(safeResponseHeaders.has(name) || rateLimitHeader.test(name))) continue;
    picked[name] = redactSecrets(Array.isArray(value) ? value.join(', ') : value, requestHeaders);
  }
  return picked;
}

function withHop(error: string, url: URL, redirects: number): string {
  return redirects === 0 ? error : `${error} (reached by redirect to ${displayUrl(url)})`;
}

function describeFailure(error: unknown, url: URL): string {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const target = url.host;
  if (code === 'ECONNREFUSED') return `connection refused by ${target}; is the server running?`;
  if (code === 'ECONNRESET') return `connection to ${target} was reset before a complete response`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${target} is unreachable from here (${code})`;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code.startsWith('ERR__')) {
    return `could not decode the compressed response from ${target}: ${message}`;
  }
  if (/CERT|TLS|SSL/i.test(code) || /certificate/i.test(message)) {
    return `TLS error talking to ${target}: ${message}`;
  }
  return `request to ${displayUrl(url)} failed: ${message}${code ? ` (${code})` : ''}`;
}
