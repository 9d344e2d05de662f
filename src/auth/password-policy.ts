/**
 * The password policy (auth.passwordPolicy): length bounds, and not the username or email.
 */
import { AppError } from '../core/errors.js';

/** Policy settings. */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** Reject the username, the email or its local part as the password (case-insensitive). */
  rejectUserInfo: boolean;
}

/** Who the password belongs to (for the "not your username" rule). */
export interface PasswordOwner {
  username: string;
  email?: string | undefined;
}

/** The rules a password breaks (empty when it is acceptable). Never includes the password itself. */
export function passwordProblems(policy: PasswordPolicy, password: string, owner: PasswordOwner): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`must be at least ${policy.minLength} characters`);
  if (length > policy.maxLength) problems.push(`must be at most ${policy.maxLength} characters`);
  if (policy.rejectUserInfo) {
    const lower = password.toLowerCase();
    const local = owner.email?.toLowerCase().split('@')[0];
    const names = [owner.username.toLowerCase(), owner.email?.toLowerCase(), local].filter((n): n is string => !!n && n.length >= 3);
    if (names.some((n) => lower === n)) problems.push('must not equal the username or email');
  }
  if (new Set(password).size === 1 && length > 0) problems.push('must not repeat one character');
  return problems;
}

/** Throw E_VALIDATION naming the broken rules. */
export function assertPasswordAllowed(policy: PasswordPolicy, password: string, owner: PasswordOwner, field = 'password'): void {
  const problems = passwordProblems(policy, password, owner);
  if (problems.length === 0) return;
  throw new AppError('E_VALIDATION', `The password ${problems.join('; ')}.`, {
    issues: problems.map((message) => ({ path: field, message })),
  });
}
