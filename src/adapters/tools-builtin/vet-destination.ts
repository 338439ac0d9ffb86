import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './classify-address.ts';

/** Which non-public destinations `http_request` may reach. */
export interface HttpPolicy {
  /** Let requests reach loopback, private, link-local and other non-public addresses (not cloud metadata). */
  allowPrivate: boolean;
  /**
   * Hosts let through to non-public addresses: exact (`api.local`, `127.0.0.1`) or `*.suffix` (subdomains
   * only). Cloud metadata is reachable only through an exact entry.
   */
  allowHosts: string[];
}

/** One address a hostname resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has; injectable so tests can play DNS tricks. */
export type ResolveHost = (hostname: string, signal: AbortSignal) => Promise<ResolvedAddress[]>;

/** Where a request may go: the vetted addresses to connect to, or why not. */
export type Destination = { ok: true; host: string; addresses: ResolvedAddress[] } | { ok: false; error: string };

const metadataHosts = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);
const privateHint = 'allow it in brigade.yaml under tools.http_request.allow_private or allow_hosts';
const metadataHint =
  'cloud metadata stays blocked even with allow_private; list the exact host in brigade.yaml under tools.http_request.allow_hosts only if you truly need it';

/** The system resolver (getaddrinfo, so /etc/hosts counts), every address, in the order it answers. */
export const resolveWithSystem: ResolveHost = async (hostname, signal) => {
  signal.throwIfAborted();
  const answers = await raceSignal(lookup(hostname, { all: true, order: 'verbatim' }), signal);
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/**
 * Decides whether a URL may be fetched and pins the addresses to connect to. The hostname is resolved
 * exactly once here; the caller must connect to these addresses, so DNS cannot change between check and
 * connect. Blocked when ANY address is non-public, unless the host is allow-listed or the policy allows it.
 */
export async function vetDestination(
  url: URL,
  policy: HttpPolicy,
  resolveHost: ResolveHost,
  signal: AbortSignal,
): Promise<Destination> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `unsupported URL scheme "${url.protocol}"; only http and https are allowed` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, error: 'credentials in the URL are not allowed; send them in an Authorization header' };
  }
  const host = normalizeHost(url.hostname);
  const listed = matchAllowedHost(host, policy.allowHosts);
  const family = isIP(host);
  if (family === 0 && endsInNumber(host)) {
    return {
      ok: false,
      error: `blocked: "${host}" looks like an IP address in an unusual notation; use dotted decimal`,
    };
  }
  if (family === 0 && listed !== 'exact') {
    const named = classifyHostname(host, policy, listed !== undefined);
    if (named !== undefined) return { ok: false, error: named };
  }
  let addresses: ResolvedAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolveHost(host, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as { code?: string }).code;
      return { ok: false, error: `could not resolve host ${host}${code ? ` (${code})` : ''}; check the URL` };
    }
    if (addresses.length === 0) return { ok: false, error: `host ${host} resolved to no addresses; check the URL` };
  }
  if (listed !== 'exact') {
    for (const { address } of addresses) {
      const found = classifyAddress(address);
      const allowed = found?.kind !== 'metadata' && (policy.allowPrivate || listed !== undefined);
      if (found === undefined || allowed) continue;
      const subject = family === 0 ? `${host} resolves to ${address}, which is` : `${address} is`;
      const hint = found.kind === 'metadata' ? metadataHint : privateHint;
      return { ok: false, error: `blocked: ${subject} ${found.description}; ${hint}` };
    }
  }
  return { ok: true, host, addresses };
}

/**
 * How a host is allow-listed: `exact` (listed as is: anything goes, even cloud metadata), `suffix`
 * (a subdomain of a `*.suffix` entry: private addresses allowed, metadata not), or `undefined`.
 */
export function matchAllowedHost(host: string, allowHosts: readonly string[]): 'exact' | 'suffix' | undefined {
  const wanted = normalizeHost(host);
  const patterns = allowHosts.map(normalizeHost);
  if (patterns.includes(wanted)) return 'exact';
  const bySuffix = patterns.some(
    (pattern) => pattern.startsWith('*.') && isIP(wanted) === 0 && wanted.endsWith(pattern.slice(1)),
  );
  return bySuffix ? 'suffix' : undefined;
}

/** Lower case, no IPv6 brackets, no trailing root dot. */
function normalizeHost(host: string): string {
  let result = host.trim().toLowerCase();
  if (result.startsWith('[') && result.endsWith(']')) result = result.slice(1, -1);
  return result.endsWith('.') ? result.slice(0, -1) : result;
}

/** Names that are non-public by definition, blocked before DNS is asked. */
function classifyHostname(host: string, policy: HttpPolicy, bySuffix: boolean): string | undefined {
  if (metadataHosts.has(host)) return `blocked: ${host} is a cloud metadata host; ${metadataHint}`;
  if (!policy.allowPrivate && !bySuffix && (host === 'localhost' || host.endsWith('.localhost'))) {
    return `blocked: ${host} is a loopback address; ${privateHint}`;
  }
  return undefined;
}

/** WHATWG's "ends in a number" test: such hosts must be IPv4 literals, so one that is not is suspect. */
function endsInNumber(host: string): boolean {
  const last = host.split('.').at(-1) ?? '';
  return /^\d+$/.test(last) || /^0x[0-9a-f]*$/.test(last);
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
