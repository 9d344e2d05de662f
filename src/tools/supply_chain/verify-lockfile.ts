/**
 * `supply_chain_verify_lockfile`: every package of a lockfile must be pinned by a strong integrity hash and come
 * from a trusted registry over https — no git or plain-http sources — and the npm lockfile must match package.json.
 */
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SupplyChainDeps } from './deps.js';
import { LOCKFILE_FORMATS, LOCKFILE_NAMES, type LockEntry, npmEntries, pnpmEntries, yarnEntries } from './lockfile-entries.js';
import { manifestRequires, type NpmLockfile, parseJsonObject, parseNpmLockfile, topLevelName } from './npm-lockfile.js';
import { MAX_MANIFEST_BYTES } from './project.js';

const SEVERITY = z.enum(['info', 'low', 'medium', 'high', 'critical']);
const RULES = [
  'invalid-lockfile',
  'unknown-lockfile-version',
  'missing-integrity',
  'weak-integrity',
  'malformed-integrity',
  'git-source',
  'insecure-url',
  'untrusted-host',
  'local-source',
  'manifest-drift',
] as const;

/** One problem of a lockfile. */
export const lockIssueSchema = z.object({
  rule: z.enum(RULES),
  severity: SEVERITY,
  package: z.string().optional(),
  version: z.string().optional(),
  line: z.number().int().optional(),
  message: z.string(),
});
/** One problem of a lockfile. */
export type LockIssue = z.infer<typeof lockIssueSchema>;

const STRONG = new Set(['sha256', 'sha384', 'sha512']);
const KNOWN = new Set([...STRONG, 'sha1', 'md5']);

/** The problems of one entry's source and integrity. */
export function checkEntry(e: LockEntry, trustedHosts: readonly string[]): LockIssue[] {
  if (e.local) return [];
  const at = { package: e.name, ...(e.version ? { version: e.version } : {}), ...(e.line !== undefined ? { line: e.line } : {}) };
  const who = `${e.name}${e.version ? `@${e.version}` : ''}`;
  const src = e.resolved ?? '';
  const issues: LockIssue[] = [];
  const git = /^(git\+|git:|github:|gitlab:|bitbucket:|ssh:)/.test(src) || /\.git(#|$)/.test(src) || /^[\w.-]+\/[\w.-]+#/.test(src);
  const local = /^(file:|\.{0,2}\/)/.test(src);
  if (git)
    issues.push({
      rule: 'git-source',
      severity: 'high',
      ...at,
      message: `${who} comes from git (${src.slice(0, 120)}): no registry integrity, the ref can move.`,
    });
  else if (src.startsWith('http://'))
    issues.push({ rule: 'insecure-url', severity: 'high', ...at, message: `${who} is downloaded over plain http: ${src.slice(0, 120)}` });
  else if (src.startsWith('https://')) {
    const host = URL.canParse(src) ? new URL(src).hostname : src.slice(8, 80);
    if (!trustedHosts.includes(host))
      issues.push({
        rule: 'untrusted-host',
        severity: 'medium',
        ...at,
        message: `${who} is downloaded from ${host}, which is not a trusted registry.`,
      });
  } else if (local)
    issues.push({ rule: 'local-source', severity: 'low', ...at, message: `${who} comes from a local path (${src.slice(0, 120)}).` });
  if (git) return issues;
  if (!e.integrity) {
    issues.push({
      rule: 'missing-integrity',
      severity: 'high',
      ...at,
      message: `${who} has no integrity hash: a changed tarball would install unnoticed.`,
    });
  } else if (!e.integrity.startsWith('berry:')) {
    const algs = e.integrity.split(/\s+/).map((t) => t.slice(0, Math.max(0, t.indexOf('-'))).toLowerCase());
    if (algs.some((a) => !KNOWN.has(a)))
      issues.push({
        rule: 'malformed-integrity',
        severity: 'medium',
        ...at,
        message: `${who} has an integrity value that is not an SRI hash.`,
      });
    else if (!algs.some((a) => STRONG.has(a)))
      issues.push({
        rule: 'weak-integrity',
        severity: 'medium',
        ...at,
        message: `${who} is pinned only by ${algs.join('/')}, which can be forged.`,
      });
  }
  return issues;
}

function npmDrift(lock: NpmLockfile, manifest: Record<string, unknown>): LockIssue[] {
  const locked = new Set([...Object.keys(lock.rootRequires), ...lock.packages.flatMap((p) => topLevelName(p.key) ?? [])]);
  return Object.keys(manifestRequires(manifest))
    .filter((name) => !locked.has(name))
    .map((name) => ({
      rule: 'manifest-drift' as const,
      severity: 'medium' as const,
      package: name,
      message: `package.json requires ${name}, which ${lock.file} does not lock: run npm install and commit the lockfile.`,
    }));
}

/** Verify the lockfile text `content` named `file`; `manifest` is the package.json beside it, when any. */
export function verifyLockfileText(file: string, content: string, trustedHosts: readonly string[], manifest?: Record<string, unknown>) {
  const kind = LOCKFILE_NAMES[basename(file)];
  if (!kind) throw new AppError('E_VALIDATION', `"${file}" is not a lockfile. Supported: ${Object.keys(LOCKFILE_NAMES).join(', ')}.`);
  let format: (typeof LOCKFILE_FORMATS)[number] = kind === 'yarn' ? 'yarn-classic' : kind;
  let version: string | null = null;
  let entries: LockEntry[] = [];
  const issues: LockIssue[] = [];
  try {
    if (kind === 'npm') {
      const lock = parseNpmLockfile(file, content, manifest);
      version = String(lock.lockfileVersion);
      entries = npmEntries(lock);
      if (![1, 2, 3].includes(lock.lockfileVersion))
        issues.push({
          rule: 'unknown-lockfile-version',
          severity: 'medium',
          message: `lockfileVersion ${version} is not one this check knows (1–3).`,
        });
      if (manifest) issues.push(...npmDrift(lock, manifest));
    } else if (kind === 'yarn') {
      ({ format, version, entries } = yarnEntries(content));
    } else ({ version, entries } = pnpmEntries(content));
  } catch (e) {
    if (!isAppError(e) || e.code !== 'E_VALIDATION') throw e;
    issues.push({ rule: 'invalid-lockfile', severity: 'critical', message: e.message });
  }
  for (const e of entries) issues.push(...checkEntry(e, trustedHosts));
  const byRule: Record<string, number> = {};
  for (const i of issues) byRule[i.rule] = (byRule[i.rule] ?? 0) + 1;
  return {
    file,
    format,
    lockfileVersion: version,
    packages: entries.length,
    ok: issues.every((i) => i.severity === 'info' || i.severity === 'low'),
    byRule,
    issues,
  };
}

/** The lockfile verification operation. */
export function verifyLockfileOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_verify_lockfile',
    title: 'Verify a lockfile',
    description:
      'Check a lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml — or the one in a directory): every package needs a ' +
      'strong integrity hash (sha256+) and an https source on a trusted host (supplyChain.trustedHosts); git and plain-http sources are flagged, ' +
      'and so is package.json requiring what the npm lockfile does not lock. `ok` is false when any issue is medium or worse.',
    input: z.object({ path: z.string().min(1).max(4096).describe('A lockfile, or a directory holding one, inside security.files.roots') }),
    output: z.object({
      file: z.string(),
      format: z.enum(LOCKFILE_FORMATS),
      lockfileVersion: z.string().nullable(),
      packages: z.number().int(),
      ok: z.boolean(),
      byRule: z.record(z.string(), z.number().int()),
      issues: z.array(lockIssueSchema),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    example: { path: 'services/api/package-lock.json' },
    render: (o) =>
      [
        `${o.file} (${o.format} ${o.lockfileVersion ?? '?'}, ${o.packages} packages): ${o.ok ? 'OK' : 'FAILED'}`,
        ...o.issues.slice(0, 50).map((i) => `  [${i.severity}] ${i.rule}${i.line ? ` line ${i.line}` : ''}: ${i.message}`),
        ...(o.issues.length > 50 ? [`  … ${o.issues.length - 50} more`] : []),
      ].join('\n'),
    run: async (input) => {
      const real = await deps.files.resolve(input.path);
      let file = real;
      if ((await deps.files.stat(real)).isDirectory()) {
        const present = new Set((await deps.files.readDir(real)).map((e) => e.name));
        const name = Object.keys(LOCKFILE_NAMES).find((n) => present.has(n));
        if (!name)
          throw new AppError('E_NOT_FOUND', `No lockfile in "${input.path}" (looked for ${Object.keys(LOCKFILE_NAMES).join(', ')}).`);
        file = join(real, name);
      }
      if (!LOCKFILE_NAMES[basename(file)])
        throw new AppError('E_VALIDATION', `"${input.path}" is not a lockfile. Supported: ${Object.keys(LOCKFILE_NAMES).join(', ')}.`);
      const content = (await deps.files.readFile(file, { maxBytes: MAX_MANIFEST_BYTES })).toString('utf8');
      let manifest: Record<string, unknown> | undefined;
      if (LOCKFILE_NAMES[basename(file)] === 'npm') {
        const text = await deps.files.readFile(join(file, '..', 'package.json'), { maxBytes: MAX_MANIFEST_BYTES }).catch(() => undefined);
        manifest = text ? parseJsonObject('package.json', text.toString('utf8')) : undefined;
      }
      return verifyLockfileText(basename(file), content, deps.settings.trustedHosts, manifest);
    },
  });
}
