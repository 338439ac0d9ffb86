import type { Json } from '../../spec/json.ts';

/** The first hop of an `http_request` call, checked and encoded. */
export interface PreparedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const maxRequestBytes = 1024 * 1024;
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Framing and routing headers belong to the tool: overriding Host could route around allow_hosts.
const reservedHeaders = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
]);
const sensitiveName = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|session/i;

/** True for headers that carry credentials: dropped on cross-origin redirects, redacted from outputs. */
export function isSensitiveHeader(name: string): boolean {
  return sensitiveName.test(name);
}

/** Turns validated tool input into a request, or a message saying what to fix. */
export function prepareRequest(input: { [key: string]: Json }): PreparedRequest | { error: string } {
  let url: URL;
  try {
    url = new URL(String(input.url));
  } catch {
    return {
      error: `\`url\` is not a valid absolute URL: ${JSON.stringify(input.url)} (expected e.g. https://example.com/path)`,
    };
  }
  const method = typeof input.method === 'string' ? input.method : 'GET';
  const headers: Record<string, string> = {};
  const given = typeof input.headers === 'object' && input.headers !== null ? input.headers : {};
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    if (!tokenPattern.test(name)) return { error: `header name ${JSON.stringify(name)} is not a valid HTTP token` };
    if (reservedHeaders.has(lower)) return { error: `header "${name}" is set by the tool and cannot be overridden` };
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      return { error: `header "${name}" must be a single-line string` };
    }
    headers[lower] = value;
  }
  headers['user-agent'] ??= 'Brigade http_request';
  headers['accept-encoding'] ??= 'gzip, br';
  const raw = input.body ?? null;
  if (raw === null) return { url, method, headers, body: undefined };
  if (method === 'GET' || method === 'HEAD') {
    return { error: `a ${method} request cannot have a body; use POST, PUT or PATCH` };
  }
  const body = Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw), 'utf8');
  if (body.length > maxRequestBytes) return { error: `body is ${body.length} bytes; the limit is ${maxRequestBytes}` };
  headers['content-type'] ??= typeof raw === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  return { url, method, headers, body };
}

/** Replaces every credential the request carried wherever it shows up in text the model will read. */
export function redactSecrets(text: string, requestHeaders: Record<string, string>): string {
  let result = text;
  for (const [name, value] of Object.entries(requestHeaders)) {
    if (!isSensitiveHeader(name)) continue;
    // Also the bare credential after a scheme word (`Bearer abc` -> `abc`), which servers often echo alone.
    const bare = /authorization/i.test(name) ? value.replace(/^\S+\s+/, '') : value;
    const secrets = [value, bare].filter((secret) => secret.trim().length >= 4);
    for (const secret of secrets) result = result.replaceAll(secret, '[redacted]');
  }
  return result;
}
