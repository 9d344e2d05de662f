import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from './built-in-roles.js';
import { decide, notHeld } from './decide.js';
import type { Principal } from './principal.js';
import { createRoleBook } from './role-book.js';

const book = createRoleBook([
  { name: 'deployer', description: '', permissions: ['deploy:execute@staging-*'], inherits: ['viewer'], builtIn: false },
]);
const user = (roles: string[], extra: Partial<Principal> = {}): Principal => ({ id: 'u1', type: 'user', name: 'u', roles, ...extra });
const off = { mfaRequiredForAdmins: false };

describe('built-in roles', () => {
  it('lets viewer read but not write', () => {
    expect(decide(book, user(['viewer']), 'kubernetes:read', undefined, off).allowed).toBe(true);
    expect(decide(book, user(['viewer']), 'kubernetes:write', undefined, off).allowed).toBe(false);
  });

  it('keeps users, keys and the audit log from viewers', () => {
    for (const p of ['users:read', 'audit:read', 'keys:read'])
      expect(decide(book, user(['viewer']), p, undefined, off).allowed).toBe(false);
  });

  it('gives operator everything viewer has (viewer ⊂ operator)', () => {
    const viewer = book.grantsOf('viewer').map((g) => g.grant);
    for (const p of viewer) expect(decide(book, user(['operator']), p, undefined, off).allowed).toBe(true);
  });

  it('lets operator execute and call federated tools but not administer', () => {
    expect(decide(book, user(['operator']), 'deploy:execute', undefined, off).allowed).toBe(true);
    expect(decide(book, user(['operator']), 'mcp:github:call', undefined, off).allowed).toBe(true);
    for (const p of ['users:write', 'roles:write', 'audit:read', 'approvals:decide'])
      expect(decide(book, user(['operator']), p, undefined, off).allowed).toBe(false);
  });

  it('gives admin everything (operator ⊂ admin)', () => {
    for (const p of [...book.grantsOf('operator').map((g) => g.grant), 'users:write', 'audit:read']) {
      expect(decide(book, user(['admin']), p, undefined, off).allowed).toBe(true);
    }
  });

  it('defines the three service roles', () => {
    expect(BUILT_IN_ROLES.map((r) => r.name)).toEqual(expect.arrayContaining(['mcp_service', 'ci_cd_service', 'monitoring_service']));
    expect(decide(book, user(['ci_cd_service']), 'deploy:execute', undefined, off).allowed).toBe(true);
    expect(decide(book, user(['monitoring_service']), 'deploy:execute', undefined, off).allowed).toBe(false);
  });
});

describe('explain', () => {
  it('names the role that granted a permission', () => {
    const d = decide(book, user(['operator']), 'kubernetes:read', undefined, off);
    expect(d.grantedBy).toEqual({ role: 'operator', definedIn: 'viewer', grant: 'kubernetes:read' });
    expect(d.explanation).toBe('Granted by role "operator" (inherited from "viewer") via "kubernetes:read".');
  });

  it('says which roles were held when denying', () => {
    const d = decide(book, user(['viewer', 'ghost']), 'deploy:execute', 'prod', off);
    expect(d).toMatchObject({ allowed: false, reason: 'no_grant' });
    expect(d.explanation).toBe('None of the roles "viewer", "ghost" grants deploy:execute on "prod". Unknown roles: "ghost".');
  });

  it('rejects a malformed permission', () => {
    expect(decide(book, user(['admin']), 'nonsense', undefined, off).reason).toBe('invalid_permission');
  });
});

describe('resources and scopes', () => {
  it('applies an instance-limited custom role to matching resources only', () => {
    expect(decide(book, user(['deployer']), 'deploy:execute', 'staging-eu', off).allowed).toBe(true);
    expect(decide(book, user(['deployer']), 'deploy:execute', 'production', off).allowed).toBe(false);
  });

  it('narrows an API key to its scopes', () => {
    const key: Principal = { id: 'k', type: 'api_key', name: 'ci', roles: ['operator'], scopes: ['deploy:*'] };
    expect(decide(book, key, 'deploy:execute', undefined, off).allowed).toBe(true);
    expect(decide(book, key, 'kubernetes:write', undefined, off)).toMatchObject({ allowed: false, reason: 'outside_scope' });
  });

  it('never lets a scope exceed the creator’s roles', () => {
    const key: Principal = { id: 'k', type: 'api_key', name: 'ci', roles: ['viewer'], scopes: ['*:*'] };
    expect(decide(book, key, 'deploy:execute', undefined, off).allowed).toBe(false);
  });
});

describe('MFA for admins', () => {
  it('denies an admin without MFA in the session when the policy is on', () => {
    expect(decide(book, user(['admin']), 'system:read', undefined, { mfaRequiredForAdmins: true }).reason).toBe('mfa_required');
  });

  it('allows an admin who verified MFA', () => {
    expect(decide(book, user(['admin'], { mfaVerifiedAt: 1 }), 'system:read', undefined, { mfaRequiredForAdmins: true }).allowed).toBe(
      true,
    );
  });

  it('does not apply to non-admins', () => {
    expect(decide(book, user(['operator']), 'system:read', undefined, { mfaRequiredForAdmins: true }).allowed).toBe(true);
  });
});

describe('notHeld', () => {
  it('lists the patterns a principal cannot grant', () => {
    expect(notHeld(book, user(['operator']), ['deploy:execute', 'users:write', 'docker:*'])).toEqual(['users:write', 'docker:*']);
  });

  it('lets an admin grant anything', () => {
    expect(notHeld(book, user(['admin']), ['users:write', '*:*'])).toEqual([]);
  });
});
