import { isIP } from 'node:net';

/** Why an address is not on the public internet. `metadata` is the most dangerous and is never covered by allow_private. */
export type AddressKind =
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

/** A non-public address, with words a person (or a model) can act on. */
export interface AddressClass {
  kind: AddressKind;
  /** e.g. `a loopback address`, or `an IPv4-mapped form of 127.0.0.1, a loopback address`. */
  description: string;
}

const kindWords: Record<AddressKind, string> = {
  metadata: 'a cloud metadata address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  shared: 'a shared (CGNAT) address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  documentation: 'a documentation/test address',
  reserved: 'a reserved address',
};

type Range = [base: bigint, prefix: number, kind: AddressKind];

// First match wins, so the specific entries (metadata) come before the blocks that contain them.
const ipv4Ranges = toRanges(parseIpv4, [
  ['169.254.169.254/32', 'metadata'],
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['168.63.129.16/32', 'metadata'], // Azure WireServer
  ['0.0.0.0/32', 'unspecified'],
  ['0.0.0.0/8', 'reserved'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const ipv6Ranges = toRanges(parseIpv6, [
  ['fd00:ec2::254/128', 'metadata'], // AWS IMDS over IPv6
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'reserved'], // discard-only
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['ff00::/8', 'multicast'],
]);

// IPv6 forms that carry an IPv4 address inside; the IPv4 address decides.
const embeddings: Array<{ base: bigint; prefix: number; shift: number; name: string }> = [
  { base: parseIpv6('::ffff:0:0'), prefix: 96, shift: 0, name: 'an IPv4-mapped form' },
  { base: parseIpv6('::'), prefix: 96, shift: 0, name: 'an IPv4-compatible form' },
  { base: parseIpv6('64:ff9b::'), prefix: 96, shift: 0, name: 'a NAT64 form' },
  { base: parseIpv6('64:ff9b:1::'), prefix: 48, shift: 0, name: 'a local NAT64 form' },
  { base: parseIpv6('2002::'), prefix: 16, shift: 80, name: 'a 6to4 form' },
];

/**
 * Classifies a literal IP address; `undefined` means public. Anything that is not a well-formed
 * IPv4 or IPv6 address comes back as `reserved`, so a parsing gap can only block, never allow.
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 4) return classifyIpv4(parseIpv4(bare));
  if (family === 6) return classifyIpv6(parseIpv6(bare));
  return { kind: 'reserved', description: 'not a valid IP address' };
}

function classifyIpv4(value: bigint): AddressClass | undefined {
  const kind = matchRange(value, 32, ipv4Ranges);
  return kind === undefined ? undefined : { kind, description: kindWords[kind] };
}

function classifyIpv6(value: bigint): AddressClass | undefined {
  const kind = matchRange(value, 128, ipv6Ranges);
  if (kind !== undefined) return { kind, description: kindWords[kind] };
  for (const embedding of embeddings) {
    if (!inRange(value, 128, embedding.base, embedding.prefix)) continue;
    const ipv4 = (value >> BigInt(embedding.shift)) & 0xffffffffn;
    const inner = classifyIpv4(ipv4);
    if (inner === undefined) return undefined;
    return { kind: inner.kind, description: `${embedding.name} of ${formatIpv4(ipv4)}, ${inner.description}` };
  }
  return undefined;
}

function toRanges(parse: (text: string) => bigint, entries: Array<[cidr: string, kind: AddressKind]>): Range[] {
  return entries.map(([cidr, kind]) => {
    const [base = '', prefix = ''] = cidr.split('/');
    return [parse(base), Number(prefix), kind];
  });
}

function matchRange(value: bigint, bits: number, ranges: Range[]): AddressKind | undefined {
  return ranges.find(([base, prefix]) => inRange(value, bits, base, prefix))?.[2];
}

function inRange(value: bigint, bits: number, base: bigint, prefix: number): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number.parseInt(part, 10)), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** Parses an IPv6 address (already checked by `isIP`) into its 128-bit value; a zone id is ignored. */
function parseIpv6(text: string): bigint {
  let rest = text.split('%')[0] ?? '';
  const tail: number[] = [];
  const dotted = rest.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1] !== undefined) {
    const ipv4 = Number(parseIpv4(dotted[1]));
    tail.push(ipv4 >>> 16, ipv4 & 0xffff);
    rest = rest.slice(0, -dotted[1].length);
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const [head = '', after] = rest.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const front = groups(head);
  const back = [...(after === undefined ? [] : groups(after)), ...tail];
  const middle = after === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...middle, ...back].reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}
