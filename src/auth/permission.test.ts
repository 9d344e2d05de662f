import { describe, expect, it } from 'vitest';
import { globMatch, grantMatches, isPermission, parsePermission } from './permission.js';

describe('permission syntax', () => {
  it.each(['kubernetes:read', 'mcp:github:call', '*:*', 'mcp:*:call', 'deploy:execute@staging-*', 'a:b:c:d'])('accepts %s', (p) => {
    expect(isPermission(p)).toBe(true);
  });

  it.each(['kubernetes', 'Kubernetes:read', 'a:b:c:d:e', 'deploy:', ':read', 'de ploy:read', 'deploy:read@', 'x:**'])('rejects %s', (p) => {
    expect(isPermission(p)).toBe(false);
  });

  it('splits the resource from the last segment', () => {
    expect(parsePermission('mcp:github:call')).toEqual({ resource: ['mcp', 'github'], action: 'call', instance: undefined });
  });

  it('keeps the instance glob', () => {
    expect(parsePermission('deploy:execute@prod-*').instance).toBe('prod-*');
  });
});

describe('grant matching', () => {
  it('matches an exact permission', () => {
    expect(grantMatches('kubernetes:read', 'kubernetes:read')).toBe(true);
  });

  it('matches a wildcard action', () => {
    expect(grantMatches('kubernetes:*', 'kubernetes:write')).toBe(true);
  });

  it('matches a wildcard resource', () => {
    expect(grantMatches('*:read', 'docker:read')).toBe(true);
  });

  it('lets a trailing resource wildcard span several segments', () => {
    expect(grantMatches('*:read', 'mcp:github:read')).toBe(true);
    expect(grantMatches('*:*', 'mcp:github:call')).toBe(true);
  });

  it('matches one segment in the middle', () => {
    expect(grantMatches('mcp:*:call', 'mcp:github:call')).toBe(true);
    expect(grantMatches('mcp:*:call', 'mcp:github:list')).toBe(false);
  });

  it('does not match another resource', () => {
    expect(grantMatches('kubernetes:read', 'docker:read')).toBe(false);
  });

  it('does not let a shorter resource match a longer one', () => {
    expect(grantMatches('mcp:call', 'mcp:github:call')).toBe(false);
  });

  it('applies an instance-limited grant only to matching resources', () => {
    expect(grantMatches('deploy:execute@staging-*', 'deploy:execute', 'staging-eu')).toBe(true);
    expect(grantMatches('deploy:execute@staging-*', 'deploy:execute', 'production')).toBe(false);
    expect(grantMatches('deploy:execute@staging-*', 'deploy:execute')).toBe(false);
  });

  it('treats a literal segment as not covering a wildcard (no escalation by pattern)', () => {
    expect(grantMatches('docker:read', 'docker:*')).toBe(false);
    expect(grantMatches('mcp:github:call', 'mcp:*:call')).toBe(false);
    expect(grantMatches('docker:*', 'docker:*')).toBe(true);
  });
});

describe('globMatch', () => {
  it('matches prefix, suffix and middle wildcards', () => {
    expect(globMatch('staging-*', 'staging-eu')).toBe(true);
    expect(globMatch('*-eu', 'staging-eu')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b*c', 'axxc')).toBe(false);
  });

  it('does not let prefix and suffix overlap', () => {
    expect(globMatch('ab*ba', 'aba')).toBe(false);
  });
});
