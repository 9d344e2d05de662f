/**
 * Permission strings and wildcard matching. A permission is `resource:action`; the resource may have several
 * segments (`mcp:github:call` = resource `mcp:github`, action `call`) and a grant may be limited to named
 * instances with `@glob` (`deploy:execute@staging-*`).
 */
import { z } from 'zod';

const SEGMENT = '(?:[a-z0-9][a-z0-9_.-]*|\\*)';
const INSTANCE = '[A-Za-z0-9_.*/-]{1,128}';
const PERMISSION_RE = new RegExp(`^${SEGMENT}(?::${SEGMENT}){1,3}(?:@${INSTANCE})?$`);

/** A permission or grant pattern: 2–4 `:`-separated segments of `[a-z0-9_.-]` or `*`, optionally `@instance-glob`. */
export const permissionSchema = z
  .string()
  .max(200)
  .regex(PERMISSION_RE, 'expected resource:action, e.g. "kubernetes:read", "mcp:*:call" or "deploy:execute@staging"')
  .describe('Permission as resource:action; `*` matches any segment; `@glob` limits it to named resources.');

/** A permission split into its parts. */
export interface ParsedPermission {
  resource: readonly string[];
  action: string;
  /** Instance glob after `@`, if any. */
  instance: string | undefined;
}

const parsedCache = new Map<string, ParsedPermission>();

/** Split `resource:action[@instance]`. Assumes the string passed `permissionSchema` (or comes from code). */
export function parsePermission(permission: string): ParsedPermission {
  const cached = parsedCache.get(permission);
  if (cached) return cached;
  const at = permission.indexOf('@');
  const body = at === -1 ? permission : permission.slice(0, at);
  const segments = body.split(':');
  const parsed: ParsedPermission = {
    resource: segments.slice(0, -1),
    action: segments.at(-1) ?? '',
    instance: at === -1 ? undefined : permission.slice(at + 1),
  };
  // Bounded: permissions come from code, roles and scopes, but never let a flood of distinct strings grow it forever.
  if (parsedCache.size < 10_000) parsedCache.set(permission, parsed);
  return parsed;
}

/** True when `permission` is well-formed. */
export function isPermission(value: string): boolean {
  return PERMISSION_RE.test(value);
}

function segmentsMatch(pattern: readonly string[], value: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    // A trailing `*` in the resource matches one or more remaining segments (`*:read` covers `mcp:github:read`).
    if (p === '*' && i === pattern.length - 1) return value.length >= pattern.length;
    if (i >= value.length) return false;
    if (p !== '*' && p !== value[i]) return false;
  }
  return pattern.length === value.length;
}

/** Glob with `*` (any run of characters) over an instance name. */
export function globMatch(glob: string, value: string): boolean {
  if (!glob.includes('*')) return glob === value;
  const parts = glob.split('*');
  const first = parts[0] ?? '';
  const last = parts.at(-1) ?? '';
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last)) return false;
  let pos = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, pos);
    if (found === -1 || found + part.length > value.length - last.length) return false;
    pos = found + part.length;
  }
  return true;
}

/**
 * Does `grant` (a pattern with wildcards) allow `permission` on `resource`? A grant limited with `@glob`
 * applies only when a resource is named and matches. Also answers "does `grant` cover the pattern
 * `permission`" when `permission` holds wildcards: a literal segment never covers `*`.
 */
export function grantMatches(grant: string, permission: string, resource?: string): boolean {
  const g = parsePermission(grant);
  const p = parsePermission(permission);
  if (g.action !== '*' && g.action !== p.action) return false;
  if (!segmentsMatch(g.resource, p.resource)) return false;
  if (g.instance === undefined) return true;
  const target = p.instance ?? resource;
  return target !== undefined && globMatch(g.instance, target);
}

/** The first grant in `grants` that allows `permission` (on `resource`), or undefined. */
export function findGrant(grants: Iterable<string>, permission: string, resource?: string): string | undefined {
  for (const grant of grants) if (grantMatches(grant, permission, resource)) return grant;
  return undefined;
}
