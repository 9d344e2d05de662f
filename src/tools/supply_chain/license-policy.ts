/**
 * Licences and the licence policy: read a package's licence from package.json/lockfile fields (SPDX string,
 * legacy `{ type }` objects and `licenses` arrays), and judge an SPDX expression against allow/deny globs —
 * `A OR B` passes when either side does, `A AND B` only when both do.
 */
import { z } from 'zod';
import { matchesAny } from '../../gateway/glob.js';

/** What the policy says about one licence expression. */
export const licenseVerdictSchema = z
  .enum(['allowed', 'denied', 'unlisted', 'unknown'])
  .describe('allowed; denied (matches deny); unlisted (an allow list exists and it is not on it); unknown (no licence found)');
/** What the policy says about one licence expression. */
export type LicenseVerdict = z.infer<typeof licenseVerdictSchema>;

/** A licence policy: SPDX id globs. An empty allow list allows everything not denied. */
export const licensePolicySchema = z.object({
  allow: z
    .array(z.string().min(1).max(100))
    .max(500)
    .default([])
    .describe('Licence ids (globs with *) that are allowed; empty = all not denied'),
  deny: z.array(z.string().min(1).max(100)).max(500).default([]).describe('Licence ids (globs with *) that are never allowed; deny wins'),
});
/** A licence policy. */
export type LicensePolicy = z.infer<typeof licensePolicySchema>;

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const typeOf = (v: unknown) => str(v) ?? (typeof v === 'object' && v !== null ? str((v as { type?: unknown }).type) : undefined);

/**
 * The licence a package.json or lockfile entry declares, as an SPDX expression where it can be: `license`
 * (string or legacy `{ type }`), else the legacy `licenses` array joined with OR. Undefined when none.
 * @example licenseOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }) // 'MIT OR Apache-2.0'
 */
export function licenseOf(manifest: Record<string, unknown>): string | undefined {
  const single = typeOf(manifest.license);
  if (single) return single;
  if (Array.isArray(manifest.licenses)) {
    const all = manifest.licenses.map(typeOf).filter((t): t is string => t !== undefined);
    if (all.length > 0) return all.length === 1 ? all[0] : all.map((t) => (/\s/.test(t) ? `(${t})` : t)).join(' OR ');
  }
  return undefined;
}

type Node = { id: string } | { op: 'AND' | 'OR'; left: Node; right: Node };

/** Parse an SPDX expression (ids, `WITH` exceptions, AND, OR, parentheses); undefined when it does not parse. */
function parseExpression(text: string): Node | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const primary = (): Node | undefined => {
    const t = tokens[at++];
    if (t === '(') {
      const inner = or();
      return tokens[at++] === ')' ? inner : undefined;
    }
    if (!t || t === ')' || /^(AND|OR|WITH)$/i.test(t)) return undefined;
    // "GPL-2.0-only WITH Classpath-exception-2.0" is judged as its licence.
    if (tokens[at]?.toUpperCase() === 'WITH') at += 2;
    return { id: t };
  };
  const chain = (op: 'AND' | 'OR', next: () => Node | undefined) => (): Node | undefined => {
    let left = next();
    while (left && tokens[at]?.toUpperCase() === op) {
      at++;
      const right = next();
      if (!right) return undefined;
      left = { op, left, right };
    }
    return left;
  };
  const and = chain('AND', primary);
  const or = chain('OR', and);
  const tree = or();
  return tree && at === tokens.length ? tree : undefined;
}

const RANK: Record<LicenseVerdict, number> = { allowed: 3, unlisted: 2, unknown: 1, denied: 0 };

function judgeId(id: string, policy: LicensePolicy): LicenseVerdict {
  // SPDX ids compare case-insensitively; a trailing "+" ("GPL-2.0+") is judged like its base id as well.
  const candidates = [id.toLowerCase(), id.replace(/\+$/, '').toLowerCase()];
  const hits = (globs: readonly string[]) => {
    const lower = globs.map((g) => g.toLowerCase());
    return candidates.some((c) => matchesAny(c, lower));
  };
  if (hits(policy.deny)) return 'denied';
  if (policy.allow.length === 0) return 'allowed';
  return hits(policy.allow) ? 'allowed' : 'unlisted';
}

function judge(node: Node, policy: LicensePolicy): LicenseVerdict {
  if ('id' in node) return judgeId(node.id, policy);
  const a = judge(node.left, policy);
  const b = judge(node.right, policy);
  // OR: the licensee may pick the better side; AND: both apply, so the worse one decides.
  return node.op === 'OR' ? (RANK[a] >= RANK[b] ? a : b) : RANK[a] <= RANK[b] ? a : b;
}

/**
 * Judge a licence against the policy. Missing, UNLICENSED-free text and "SEE LICENSE IN …" are `unknown` unless
 * a deny or allow glob names them literally.
 * @example evaluateLicense('MIT OR GPL-3.0-only', { allow: [], deny: ['GPL-*'] }) // 'allowed'
 */
export function evaluateLicense(license: string | undefined, policy: LicensePolicy): LicenseVerdict {
  if (!license) return 'unknown';
  if (/^SEE LICEN[CS]E IN /i.test(license)) return 'unknown';
  const tree = parseExpression(license);
  if (!tree) {
    const literal = judgeId(license, policy);
    return literal === 'denied' || (literal === 'allowed' && policy.allow.length > 0) ? literal : 'unknown';
  }
  return judge(tree, policy);
}

/** True when the verdict breaks the policy: denied, or not on a non-empty allow list. */
export function violatesPolicy(verdict: LicenseVerdict, policy: LicensePolicy): boolean {
  return verdict === 'denied' || (verdict === 'unlisted' && policy.allow.length > 0);
}
