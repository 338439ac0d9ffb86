import { isSensitiveHeader, type PreparedRequest } from './prepare-request.ts';
import type { HttpPolicy } from './vet-destination.ts';

/** The next hop of a redirect, with the method and headers a browser would use, or why it is refused. */
export function followRedirect(
  request: PreparedRequest,
  status: number,
  location: string,
  policy: HttpPolicy,
): PreparedRequest | { error: string } {
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return { error: `redirect from ${request.url} has an invalid Location: ${JSON.stringify(location)}` };
  }
  if (request.url.protocol === 'https:' && url.protocol === 'http:' && !policy.allowPrivate) {
    return {
      error: `refused redirect from https to plain http (${displayUrl(url)}): the downgrade would send the request unencrypted`,
    };
  }
  const headers = { ...request.headers };
  let { method, body } = request;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    delete headers['content-type'];
  }
  if (url.origin !== request.url.origin) {
    for (const name of Object.keys(headers)) if (isSensitiveHeader(name)) delete headers[name];
  }
  return { url, method, headers, body };
}

/** The URL as shown to the model: never with credentials. */
export function displayUrl(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
