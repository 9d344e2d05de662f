/**
 * The SSRF guard: decides whether an outbound URL may be fetched. Host names are resolved once per connection and
 * the connection goes to the address that was checked (`netLookup` plugs into net/tls/undici), so DNS rebinding
 * between "check" and "connect" has nothing to exploit.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { AppError } from '../core/errors.js';
import {
  type AddressVerdict,
  type BlockReason,
  classifyAddress,
  createAllowlist,
  isBlockedHostname,
  isUnusualNumericHost,
  normalizeHost,
  parseIpLiteral,
} from './ip-policy.js';
import { redactUrl } from './redact.js';

/** One answer of a DNS lookup. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** The DNS resolver the guard uses; inject one in tests (or to add caching). Must return every address. */
export type DnsLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SsrfGuardOptions {
  /** Exact host names (or IP literals) exempt from every check, e.g. a loopback fake in tests. */
  allowHosts?: readonly string[];
  /** Address ranges exempt from the address check, e.g. `10.20.0.0/16` for an internal API. */
  allowCidrs?: readonly string[];
  /** Default: the system resolver (`dns.lookup` with `all: true`). */
  lookup?: DnsLookup;
  /** Schemes accepted. Default http and https. */
  protocols?: readonly string[];
}

/** Decides which outbound URLs and addresses may be reached. */
export interface SsrfGuard {
  /**
   * Check everything knowable without DNS: scheme, credentials, suspicious numeric host spellings, blocked names,
   * IP literals. Returns the parsed URL. Throws E_VALIDATION (malformed) or E_FORBIDDEN.
   */
  checkUrlShape(url: string | URL): URL;
  /** Verdict for connecting to `address` (on behalf of `host`, which may be allowlisted). */
  checkAddress(address: string, host?: string): AddressVerdict;
  /** Throw E_FORBIDDEN unless `address` may be reached (the guarded agent calls it for IP-literal hosts). */
  assertAddress(address: string, host?: string): void;
  /** Resolve `hostname` once and return its addresses if every one is allowed; else throw E_FORBIDDEN. */
  resolveHost(hostname: string): Promise<ResolvedAddress[]>;
  /**
   * Shape check plus resolution: what a URL would connect to. Use it to validate URLs users register (webhooks);
   * fetches through the guarded agent do not need it, they are checked at connect time.
   * @example const { addresses } = await guard.checkUrl('https://hooks.example.com/x')
   */
  checkUrl(url: string | URL): Promise<{ url: URL; addresses: ResolvedAddress[] }>;
  /** A `lookup` for net.connect / tls.connect / undici `connect` options: every connection gets a checked address. */
  readonly netLookup: LookupFunction;
}

const systemLookup: DnsLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

const REASON_TEXT: Record<BlockReason, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  metadata: 'a cloud metadata endpoint',
  reserved: 'a reserved address',
  teredo: 'a Teredo tunnel address',
  'not-global': 'an address that is not globally routable',
  'blocked-hostname': 'a name reserved for this machine or a metadata service',
  'unusual-numeric-host': 'an unusual numeric host form (decimal, octal, hex or shortened IPv4)',
  'invalid-address': 'an invalid address',
};

/**
 * Build the guard from the `http` config section's allowlists.
 * @example
 * const guard = createSsrfGuard({ allowHosts: config.http.allowHosts, allowCidrs: config.http.allowCidrs });
 * new Agent({ connect: { lookup: guard.netLookup } });
 */
export function createSsrfGuard(options: SsrfGuardOptions = {}): SsrfGuard {
  const allow = createAllowlist(options.allowHosts ?? [], options.allowCidrs ?? []);
  const resolver = options.lookup ?? systemLookup;
  const protocols = new Set(options.protocols ?? ['http:', 'https:']);

  const checkAddress = (address: string, host?: string): AddressVerdict => {
    if (host !== undefined && allow.hasHost(host)) return { allowed: true };
    if (allow.hasHost(address) || allow.coversAddress(address)) return { allowed: true };
    return classifyAddress(address);
  };

  const checkUrlShape = (input: string | URL): URL => {
    const url = parseUrl(input);
    const shown = redactUrl(url.href);
    if (!protocols.has(url.protocol)) {
      throw new AppError('E_FORBIDDEN', `Outbound request to ${shown} is blocked: scheme "${url.protocol}" is not allowed.`, {
        details: { reason: 'scheme' },
      });
    }
    if (url.username || url.password) {
      throw new AppError('E_VALIDATION', 'Outbound URLs must not carry credentials; send them in a header instead.');
    }
    const host = url.hostname;
    if (allow.hasHost(host)) return url;
    const raw = typeof input === 'string' ? rawHostOf(input) : undefined;
    if (raw !== undefined && isUnusualNumericHost(raw)) throw blocked(shown, 'unusual-numeric-host');
    const literal = parseIpLiteral(host);
    if (literal) {
      // The URL parser rewrites numeric spellings (0x7f.1, %31…) into dotted quads; compare with what was written.
      if (raw !== undefined && literal.kind() === 'ipv4' && normalizeHost(raw) !== normalizeHost(host)) {
        throw blocked(shown, 'unusual-numeric-host');
      }
      const verdict = checkAddress(host);
      if (!verdict.allowed) throw blocked(shown, verdict.reason, verdict.embeddedIn);
      return url;
    }
    if (isBlockedHostname(host)) throw blocked(shown, 'blocked-hostname');
    return url;
  };

  const resolveHost = async (hostname: string): Promise<ResolvedAddress[]> => {
    const host = normalizeHost(hostname);
    if (!allow.hasHost(host) && isBlockedHostname(host)) throw blocked(host, 'blocked-hostname');
    let answers: ResolvedAddress[];
    try {
      answers = await resolver(host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new AppError('E_UPSTREAM', `Could not resolve host "${host}".`, {
        cause: e,
        retryable: code === 'EAI_AGAIN',
        details: { reason: 'dns', dnsCode: code },
      });
    }
    if (answers.length === 0) throw new AppError('E_UPSTREAM', `Host "${host}" has no addresses.`, { retryable: false });
    // Refuse when any answer is forbidden: a resolver mixing public and private answers is an attack, and
    // happy-eyeballs could pick either.
    for (const answer of answers) {
      const verdict = checkAddress(answer.address, host);
      if (!verdict.allowed) throw blocked(host, verdict.reason, verdict.embeddedIn);
    }
    return answers;
  };

  const netLookup = ((hostname: string, opts: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    const family = opts.family === 6 || opts.family === 'IPv6' ? 6 : opts.family === 4 || opts.family === 'IPv4' ? 4 : 0;
    resolveHost(hostname).then(
      (answers) => {
        const usable = family === 0 ? answers : answers.filter((a) => a.family === family);
        if (usable.length === 0) {
          callback(Object.assign(new Error(`No IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        } else if (opts.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  }) as unknown as LookupFunction;

  return Object.freeze({
    checkUrlShape,
    checkAddress,
    assertAddress(address: string, host?: string) {
      const verdict = checkAddress(address, host);
      if (!verdict.allowed) throw blocked(host ?? address, verdict.reason, verdict.embeddedIn);
    },
    resolveHost,
    netLookup,
    async checkUrl(input: string | URL) {
      const url = checkUrlShape(input);
      if (parseIpLiteral(url.hostname)) {
        const address = normalizeHost(url.hostname);
        return { url, addresses: [{ address, family: address.includes(':') ? 6 : 4 } as ResolvedAddress] };
      }
      return { url, addresses: await resolveHost(url.hostname) };
    },
  });
}

type LookupCallback = (error: Error | null, address: string | ResolvedAddress[], family?: number) => void;

function parseUrl(input: string | URL): URL {
  if (input instanceof URL) return input;
  try {
    return new URL(input);
  } catch (e) {
    throw new AppError('E_VALIDATION', `Not a valid absolute URL: ${redactUrl(String(input)).slice(0, 200)}.`, { cause: e });
  }
}

/**
 * The host exactly as written in an absolute URL string, before WHATWG normalisation. Special schemes treat `\`
 * like `/`, so it ends the authority too.
 */
function rawHostOf(input: string): string | undefined {
  const match = /^\s*[a-z][a-z0-9+.-]*:[/\\]{2}([^/\\?#]*)/i.exec(input);
  if (!match) return undefined;
  const authority = match[1]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) return hostPort.slice(0, hostPort.indexOf(']') + 1);
  const colon = hostPort.lastIndexOf(':');
  return colon === -1 ? hostPort : hostPort.slice(0, colon);
}

function blocked(target: string, reason: BlockReason, embeddedIn?: string): AppError {
  const via = embeddedIn ? ` (embedded in an ${embeddedIn} IPv6 address)` : '';
  return new AppError(
    'E_FORBIDDEN',
    `Outbound request to ${target} is blocked: it targets ${REASON_TEXT[reason]}${via}. ` +
      'If this destination is intended, add it to http.allowHosts or http.allowCidrs.',
    { details: { reason, ...(embeddedIn ? { embeddedIn } : {}) }, retryable: false },
  );
}
