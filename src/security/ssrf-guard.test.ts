import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../core/errors.js';
import { classifyAddress, createAllowlist, isUnusualNumericHost } from './ip-policy.js';
import { createSsrfGuard, type DnsLookup, type ResolvedAddress } from './ssrf-guard.js';

interface Target {
  url: string;
  expect: 'allow' | 'deny';
  reason?: string;
  dns?: string[];
}
const corpus = JSON.parse(readFileSync(new URL('../../test/fixtures/attacks/ssrf-targets.json', import.meta.url), 'utf8')) as {
  targets: Target[];
};

/** A resolver answering from a table; unknown names fail like ENOTFOUND. */
function tableLookup(table: Record<string, string[]>): DnsLookup {
  return async (host) => {
    const answers = table[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const table: Record<string, string[]> = {};
for (const t of corpus.targets) if (t.dns) table[new URL(t.url).hostname] = t.dns;
const guard = createSsrfGuard({ lookup: tableLookup(table) });

describe('ssrf guard: target corpus', () => {
  it('holds at least 100 targets', () => {
    expect(corpus.targets.length).toBeGreaterThanOrEqual(100);
  });

  it.each(corpus.targets.map((t) => [`${t.expect} ${t.url}`, t] as const))('%s', async (_name, target) => {
    const result = await guard.checkUrl(target.url).then(
      () => 'allow',
      (e: unknown) => {
        if (isAppError(e) && e.code === 'E_FORBIDDEN') return `deny:${String(e.details?.reason)}`;
        if (isAppError(e) && e.code === 'E_VALIDATION') return 'deny:invalid-url';
        return `error:${String(e)}`;
      },
    );
    expect(result).toBe(target.expect === 'allow' ? 'allow' : `deny:${target.reason}`);
  });
});

describe('ssrf guard: allowlists', () => {
  it('exempts an allowlisted host name from every check', async () => {
    const g = createSsrfGuard({ allowHosts: ['localhost'], lookup: tableLookup({ localhost: ['127.0.0.1'] }) });
    await expect(g.checkUrl('http://localhost:8080/')).resolves.toMatchObject({ addresses: [{ address: '127.0.0.1' }] });
  });

  it('exempts addresses inside an allowlisted range', async () => {
    const g = createSsrfGuard({ allowCidrs: ['127.0.0.0/8'] });
    await expect(g.checkUrl('http://127.0.0.1:9/')).resolves.toBeDefined();
  });

  it('treats a bare allowCidrs address as a single address', () => {
    const g = createSsrfGuard({ allowCidrs: ['127.0.0.1'] });
    expect(g.checkAddress('127.0.0.1')).toEqual({ allowed: true });
    expect(g.checkAddress('127.0.0.2')).toMatchObject({ allowed: false, reason: 'loopback' });
  });

  it('matches IPv4 ranges against IPv4-mapped IPv6 addresses', () => {
    expect(createAllowlist([], ['10.0.0.0/8']).coversAddress('::ffff:10.1.2.3')).toBe(true);
  });

  it('does not exempt a metadata address through a broader range', () => {
    const g = createSsrfGuard({ allowCidrs: ['169.254.0.0/16'] });
    expect(g.checkAddress('169.254.169.254')).toMatchObject({ allowed: false, reason: 'metadata' });
    expect(g.checkAddress('169.254.1.1')).toEqual({ allowed: true });
  });

  it('exempts a metadata address listed exactly', () => {
    expect(createSsrfGuard({ allowCidrs: ['169.254.169.254/32'] }).checkAddress('169.254.169.254')).toEqual({ allowed: true });
  });

  it('rejects an invalid range at construction', () => {
    expect(() => createSsrfGuard({ allowCidrs: ['10.0.0.0/99'] })).toThrow();
  });
});

describe('ssrf guard: resolution', () => {
  it('refuses the whole answer when one address is forbidden', async () => {
    const g = createSsrfGuard({ lookup: tableLookup({ 'mixed.test': ['8.8.8.8', '10.0.0.1'] }) });
    await expect(g.resolveHost('mixed.test')).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'private' } });
  });

  it('reports an unknown host as a non-retryable E_UPSTREAM', async () => {
    await expect(guard.resolveHost('nowhere.test')).rejects.toMatchObject({ code: 'E_UPSTREAM', retryable: false });
  });

  it('refuses URLs with credentials', () => {
    expect(() => guard.checkUrlShape('https://user:pw@example.com/')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('refuses relative URLs', () => {
    expect(() => guard.checkUrlShape('/just/a/path')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('names the allowlist keys in its message', () => {
    expect(() => guard.checkUrlShape('http://10.0.0.1/')).toThrow(/http\.allowHosts or http\.allowCidrs/);
  });

  it('does not reveal the resolved address in its message', async () => {
    const g = createSsrfGuard({ lookup: tableLookup({ 'db.corp.test': ['10.9.8.7'] }) });
    const error = await g.resolveHost('db.corp.test').catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('10.9.8.7');
  });

  it('serves the first allowed address through netLookup', async () => {
    const g = createSsrfGuard({ lookup: tableLookup({ 'ok.test': ['8.8.8.8'] }) });
    const answer = await new Promise((resolve, reject) =>
      g.netLookup('ok.test', {}, (err, address, family) => (err ? reject(err) : resolve({ address, family }))),
    );
    expect(answer).toEqual({ address: '8.8.8.8', family: 4 });
  });

  it('serves every address through netLookup when asked for all', async () => {
    const g = createSsrfGuard({ lookup: tableLookup({ 'ok.test': ['8.8.8.8', '2001:4860:4860::8888'] }) });
    const answer = await new Promise((resolve, reject) =>
      g.netLookup('ok.test', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(answer).toHaveLength(2);
  });
});

describe('ip policy', () => {
  it('allows public IPv4 unicast', () => {
    expect(classifyAddress('93.184.215.14')).toEqual({ allowed: true });
  });

  it('names the IPv6 form that embedded a forbidden IPv4 address', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toEqual({ allowed: false, reason: 'loopback', embeddedIn: 'ipv4-mapped' });
  });

  it('refuses garbage as an invalid address', () => {
    expect(classifyAddress('not-an-ip')).toEqual({ allowed: false, reason: 'invalid-address' });
  });

  it('accepts a plain dotted quad as a usual host form', () => {
    expect(isUnusualNumericHost('8.8.8.8')).toBe(false);
  });

  it('flags leading zeros as octal', () => {
    expect(isUnusualNumericHost('08.8.8.8')).toBe(true);
  });

  it('leaves host names alone', () => {
    expect(isUnusualNumericHost('1password.com')).toBe(false);
  });
});
