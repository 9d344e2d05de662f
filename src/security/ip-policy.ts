/**
 * Address classification for the SSRF guard (ipaddr.js): which IPs an outbound request may reach, which host
 * spellings are suspicious, and the host/CIDR allowlists from config.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Why an address or host is refused. Stable strings: they appear in error details and the attack corpus. */
export type BlockReason =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'metadata'
  | 'reserved'
  | 'teredo'
  | 'not-global'
  | 'blocked-hostname'
  | 'unusual-numeric-host'
  | 'invalid-address';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: BlockReason; embeddedIn?: string };

/** Cloud instance-metadata endpoints: blocked even when a broader allowCidrs range covers them. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
  '169.254.170.2', // AWS ECS task metadata
  '169.254.169.253', // AWS DNS resolver
  '100.100.100.200', // Alibaba Cloud
  'fd00:ec2:0:0:0:0:0:254', // AWS IMDS over IPv6
]);

/** Names that mean "this machine" or a metadata service, refused before any DNS lookup. */
const BLOCKED_HOSTNAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const IPV4_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
};

const IPV6_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  teredo: 'teredo',
};

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/** Lower-case a host name and drop brackets and trailing dots (`LocalHost.` and `localhost` are the same name). */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.replace(/\.+$/, '');
}

/** Parse an IP literal (IPv4 dotted quad or IPv6, brackets allowed); undefined for host names. */
export function parseIpLiteral(host: string): Address | undefined {
  const h = normalizeHost(host);
  if (ipaddr.IPv6.isValid(h)) return ipaddr.IPv6.parse(h);
  if (ipaddr.IPv4.isValidFourPartDecimal(h)) return ipaddr.IPv4.parse(h);
  return undefined;
}

/** True for names refused before DNS: localhost and its subdomains (RFC 6761), metadata service names. */
export function isBlockedHostname(host: string): boolean {
  const h = normalizeHost(host);
  return BLOCKED_HOSTNAMES.has(h) || h.endsWith('.localhost');
}

/**
 * True when a host as written is a numeric form other than a plain dotted quad: decimal (`2130706433`), octal
 * (`0177.0.0.1`), hex (`0x7f.1`), shortened (`127.1`). WHATWG URL parsing silently turns them into IPv4 addresses,
 * which filters often miss, so the guard refuses them outright.
 */
export function isUnusualNumericHost(rawHost: string): boolean {
  const h = rawHost.trim().toLowerCase().replace(/\.$/, '');
  if (h.length === 0 || h.startsWith('[')) return false;
  const parts = h.split('.');
  const numeric = parts.every((p) => /^(?:0x[0-9a-f]*|[0-9]+)$/.test(p));
  if (!numeric) return false;
  return !ipaddr.IPv4.isValidFourPartDecimal(h) || parts.some((p) => p.length > 1 && p.startsWith('0'));
}

/**
 * Classify one address. Allowed: public IPv4 unicast and global IPv6 unicast (2000::/3). IPv6 forms that embed an
 * IPv4 address (mapped, compatible, SIIT, NAT64, 6to4) are judged by the embedded address.
 * @example classifyAddress('10.0.0.1') // { allowed: false, reason: 'private' }
 */
export function classifyAddress(address: string | Address): AddressVerdict {
  let parsed: Address;
  try {
    parsed = typeof address === 'string' ? ipaddr.parse(normalizeHost(address)) : address;
  } catch {
    return { allowed: false, reason: 'invalid-address' };
  }
  if (METADATA_ADDRESSES.has(canonical(parsed))) return { allowed: false, reason: 'metadata' };
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    if (range === 'unicast') return { allowed: true };
    return { allowed: false, reason: IPV4_REASONS[range] ?? 'reserved' };
  }
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const inner = classifyAddress(embedded.address);
    return inner.allowed ? inner : { ...inner, embeddedIn: embedded.form };
  }
  const range = v6.range();
  const reason = IPV6_REASONS[range];
  if (reason) return { allowed: false, reason };
  if (range !== 'unicast') return { allowed: false, reason: 'reserved' };
  if (!v6.match(GLOBAL_UNICAST)) return { allowed: false, reason: 'not-global' };
  return { allowed: true };
}

/** The IPv4 address inside an IPv6 translation form, if any. */
function embeddedIpv4(v6: ipaddr.IPv6): { address: ipaddr.IPv4; form: string } | undefined {
  const p = v6.parts;
  const low = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const range = v6.range();
  if (range === 'ipv4Mapped') return { address: v6.toIPv4Address(), form: 'ipv4-mapped' };
  if (range === 'rfc6145') return { address: low(p[6]!, p[7]!), form: 'ipv4-translated' };
  if (range === 'rfc6052') return { address: low(p[6]!, p[7]!), form: 'nat64' };
  if (range === '6to4') return { address: low(p[1]!, p[2]!), form: '6to4' };
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 have their own ranges.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6]! !== 0 || p[7]! > 1)) return { address: low(p[6]!, p[7]!), form: 'ipv4-compatible' };
  return undefined;
}

function canonical(address: Address): string {
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toNormalizedString() : address.toString();
}

/** Parsed allowlists: exact host names and address ranges exempt from the guard. */
export interface Allowlist {
  hasHost(host: string): boolean;
  /** True when an allowCidrs range covers `address`. Metadata addresses need an exact single-address entry. */
  coversAddress(address: string): boolean;
}

/**
 * Parse `http.allowHosts` / `http.allowCidrs`. A bare address in allowCidrs means that single address.
 * Throws on an invalid range so a typo fails at start, not silently.
 */
export function createAllowlist(hosts: readonly string[], cidrs: readonly string[]): Allowlist {
  const hostSet = new Set(hosts.map(normalizeHost));
  const ranges = cidrs.map((c) => {
    const text = c.trim();
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const single = ipaddr.parse(text);
    return [single, single.kind() === 'ipv4' ? 32 : 128] as [Address, number];
  });
  return {
    hasHost: (host) => hostSet.has(normalizeHost(host)),
    coversAddress(address) {
      let parsed: Address;
      try {
        parsed = ipaddr.parse(normalizeHost(address));
      } catch {
        return false;
      }
      const candidates: Address[] = [parsed];
      if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
        candidates.push((parsed as ipaddr.IPv6).toIPv4Address());
      const isMetadata = candidates.some((a) => METADATA_ADDRESSES.has(canonical(a)));
      return ranges.some(([net, bits]) =>
        candidates.some((a) => a.kind() === net.kind() && a.match(net, bits) && (!isMetadata || bits === (a.kind() === 'ipv4' ? 32 : 128))),
      );
    },
  };
}
