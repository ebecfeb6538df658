import { BlockList, isIP } from 'node:net';

// Addresses a plugin must not reach unless the administrator allows them: loopback, private, link-local (incl.
// cloud metadata 169.254.169.254), CGNAT, reserved, multicast and documentation ranges.
const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
// IPv6 ranges that are never public. Ranges embedding an IPv4 address (::/96, ::ffff:0:0/96, 64:ff9b::/96,
// 2002::/16) are not here: their embedded IPv4 is extracted and checked instead.
const V6_BLOCKED: Array<[string, number]> = [
  ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];

const blocked = new BlockList();
for (const [a, p] of V4_BLOCKED) blocked.addSubnet(a, p, 'ipv4');
for (const [a, p] of V6_BLOCKED) blocked.addSubnet(a, p, 'ipv6');

/** Expands an IPv6 address (with optional embedded dotted IPv4 and zone id) into 8 hextets. */
export function ipv6Hextets(ip: string): number[] | null {
  let s = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const parts = [...head, ...Array(Math.max(0, fill)).fill('0'), ...tail];
  if (parts.length !== 8) return null;
  const nums = parts.map((h) => parseInt(h, 16));
  return nums.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? nums : null;
}

function v4FromHextets(a: number, b: number): string {
  return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
}

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(ip: string): string | null {
  const h = ipv6Hextets(ip);
  if (!h) return null;
  const zero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (h[5] === 0xffff || h[5] === 0)) return v4FromHextets(h[6], h[7]);
  if (h[0] === 0x64 && h[1] === 0xff9b && zero(2, 6)) return v4FromHextets(h[6], h[7]);
  if (h[0] === 0x2002) return v4FromHextets(h[1], h[2]);
  return null;
}

/** Reduces an address to the form it is checked in: IPv4, or IPv6 without brackets/zone. */
export function canonicalAddress(ip: string): { address: string; family: 4 | 6 } | null {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const fam = isIP(bare);
  if (fam === 4) return { address: bare, family: 4 };
  if (fam !== 6) return null;
  const v4 = embeddedIPv4(bare);
  return v4 ? { address: v4, family: 4 } : { address: bare, family: 6 };
}

/** True for loopback, private, link-local, metadata and other non-public addresses (IPv4, IPv6, mapped forms). */
export function isPrivateAddress(ip: string): boolean {
  const c = canonicalAddress(ip);
  if (!c) return true;
  return blocked.check(c.address, c.family === 4 ? 'ipv4' : 'ipv6');
}

/** Compiles the administrator's allow list (IPs, CIDRs, or `*`) into a matcher. */
export function privateAllowMatcher(entries: readonly string[]): (ip: string) => boolean {
  if (entries.includes('*')) return () => true;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, prefix] = entry.split('/');
    const c = canonicalAddress(addr);
    if (!c) throw new Error(`allowPrivateAddresses: "${entry}" is not an IP address or CIDR`);
    const type = c.family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(c.address, type); else list.addSubnet(c.address, Number(prefix), type);
  }
  return (ip) => {
    const c = canonicalAddress(ip);
    return !!c && list.check(c.address, c.family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** True when `hostname` (as in URL.hostname) matches an entry of `permissions.network` (exact or `*.domain`). */
export function hostAllowed(hostname: string, patterns: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return patterns.some((raw) => {
    const p = raw.toLowerCase();
    if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
    return host === p;
  });
}
