/**
 * The RBAC decision: may this principal use this permission (on this resource)? Pure and synchronous over a
 * RoleBook snapshot, so the gateway can call it on every operation; the answer explains itself.
 */

import { findGrant, grantMatches, isPermission } from './permission.js';
import type { Principal } from './principal.js';
import { holdsAdmin, type RoleBook } from './role-book.js';

/** Why a decision came out the way it did (stable, for clients and the audit log). */
export type AuthzReason = 'granted' | 'no_grant' | 'outside_scope' | 'mfa_required' | 'invalid_permission';

/** The outcome of `authorize`, with its explanation. */
export interface AuthzDecision {
  allowed: boolean;
  reason: AuthzReason;
  permission: string;
  resource: string | undefined;
  /** When allowed: the held role, the role whose definition holds the grant, and the grant pattern. */
  grantedBy?: { role: string; definedIn: string; grant: string; scope?: string };
  /** One sentence for humans: which role granted it, or why it was denied. */
  explanation: string;
}

/** Options of the decision that come from config. */
export interface DecideOptions {
  /** auth.mfa.requiredForAdmins: a user holding admin must have verified MFA in this session. */
  mfaRequiredForAdmins: boolean;
}

const list = (names: readonly string[]) => (names.length ? names.map((n) => `"${n}"`).join(', ') : '(none)');

/**
 * Decide. For API keys the permission must be granted by the creator's roles AND fall inside the key's scopes.
 * @example decide(book, principal, 'deploy:execute', 'staging', { mfaRequiredForAdmins: false }).allowed
 */
export function decide(
  book: RoleBook,
  principal: Principal,
  permission: string,
  resource: string | undefined,
  options: DecideOptions,
): AuthzDecision {
  const base = { permission, resource };
  if (!isPermission(permission) || permission.includes('@')) {
    return { ...base, allowed: false, reason: 'invalid_permission', explanation: `"${permission}" is not a resource:action permission.` };
  }
  if (
    options.mfaRequiredForAdmins &&
    principal.type === 'user' &&
    principal.mfaVerifiedAt === undefined &&
    holdsAdmin(book, principal.roles)
  ) {
    return {
      ...base,
      allowed: false,
      reason: 'mfa_required',
      explanation: 'Admins must verify a TOTP code in this session (auth.mfa.requiredForAdmins); enrol MFA and log in again.',
    };
  }
  for (const role of principal.roles) {
    for (const { grant, definedIn } of book.grantsOf(role)) {
      if (!grantMatches(grant, permission, resource)) continue;
      if (principal.scopes) {
        const scope = findGrant(principal.scopes, permission, resource);
        if (!scope) {
          return {
            ...base,
            allowed: false,
            reason: 'outside_scope',
            explanation: `Role "${role}" grants ${permission}, but the API key's scopes (${list(principal.scopes)}) do not include it.`,
          };
        }
        return {
          ...base,
          allowed: true,
          reason: 'granted',
          grantedBy: { role, definedIn, grant, scope },
          explanation: `Granted by role "${role}"${definedIn === role ? '' : ` (inherited from "${definedIn}")`} via "${grant}", within key scope "${scope}".`,
        };
      }
      return {
        ...base,
        allowed: true,
        reason: 'granted',
        grantedBy: { role, definedIn, grant },
        explanation: `Granted by role "${role}"${definedIn === role ? '' : ` (inherited from "${definedIn}")`} via "${grant}".`,
      };
    }
  }
  const unknown = principal.roles.filter((r) => !book.get(r));
  return {
    ...base,
    allowed: false,
    reason: 'no_grant',
    explanation: `None of the roles ${list(principal.roles)} grants ${permission}${resource ? ` on "${resource}"` : ''}.${
      unknown.length ? ` Unknown roles: ${list(unknown)}.` : ''
    }`,
  };
}

/**
 * The patterns among `wanted` that the principal does not hold (roles and, for keys, scopes): used so nobody
 * grants a role, scope or custom-role permission they do not hold themselves.
 */
export function notHeld(book: RoleBook, principal: Principal, wanted: readonly string[]): string[] {
  const grants = principal.roles.flatMap((r) => book.grantsOf(r).map((g) => g.grant));
  return wanted.filter((p) => !findGrant(grants, p) || (principal.scopes !== undefined && !findGrant(principal.scopes, p)));
}
