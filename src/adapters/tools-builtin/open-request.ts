import type { LookupAddress, LookupOptions } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './vet-destination.ts';

/** One HTTP exchange to addresses that were already vetted. */
export interface OpenRequestOptions {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** Where to connect; the hostname in `url` is used only for the Host header and TLS (SNI, certificate). */
  addresses: ResolvedAddress[];
  signal: AbortSignal;
}

/**
 * Sends one request (no redirects followed) and resolves with the response head; the body is left
 * unread for the caller. Rejects on network errors and aborts.
 */
export function openRequest(options: OpenRequestOptions): Promise<IncomingMessage> {
  const { url, method, headers, body, addresses, signal } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = send({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method,
      headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
      lookup: pinLookup(addresses),
      // A fresh connection per request: a pooled socket could carry another policy's vetted address.
      agent: false,
      signal,
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * A `lookup` that never asks DNS: it answers with the addresses vetted earlier, so the connection goes
 * exactly where the policy check looked (no DNS rebinding between check and connect).
 */
export function pinLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname: string, options: LookupOptions, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const candidates: LookupAddress[] = addresses.filter((entry) => wanted === 0 || entry.family === wanted);
    const first = candidates[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`no vetted IPv${wanted} address`);
      error.code = 'ENOTFOUND';
      callback(error, '');
    } else if (options.all) {
      callback(null, candidates);
    } else {
      callback(null, first.address, first.family);
    }
  };
}
