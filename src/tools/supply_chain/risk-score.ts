/**
 * `supply_chain_risk_score`: one 0–100 score per dependency from what is known offline — advisories, licence
 * verdict, lockfile source and integrity, install scripts, deprecation and major versions behind — with every
 * contributing factor listed, so a score can be explained and argued with.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { matchAdvisories } from '../../crawler/deps/match-advisories.js';
import { type Dependency, ECOSYSTEMS } from '../../crawler/deps/types.js';
import { type Finding, severityRank } from '../../crawler/findings.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SupplyChainDeps } from './deps.js';
import { evaluateLicense, licensePolicySchema } from './license-policy.js';
import { type LockEntry, npmEntries, pnpmEntries, yarnEntries } from './lockfile-entries.js';
import { behindBy } from './outdated.js';
import { licensesOf, listPackages, type ProjectPackage } from './package-list.js';
import { lookupAll, metadataSource } from './package-metadata.js';
import { loadProject, type Project } from './project.js';
import { checkEntry, type LockIssue } from './verify-lockfile.js';

/** Points per factor (the score is their sum, capped at 100). */
export const RISK_POINTS = {
  vulnerability: { critical: 40, high: 30, medium: 15, low: 5, info: 0 },
  extraAdvisory: 5,
  license: { denied: 25, unlisted: 10, unknown: 10, allowed: 0 },
  source: {
    'git-source': 20,
    'insecure-url': 20,
    'untrusted-host': 10,
    'missing-integrity': 15,
    'weak-integrity': 10,
    'malformed-integrity': 10,
  },
  installScript: 10,
  deprecated: 15,
  majorBehind: 10,
} as const;

const LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
const levelOf = (score: number): (typeof LEVELS)[number] =>
  score === 0 ? 'none' : score < 20 ? 'low' : score < 40 ? 'medium' : score < 70 ? 'high' : 'critical';

const factorSchema = z.object({
  factor: z.enum(['vulnerability', 'license', 'source', 'install-script', 'deprecated', 'outdated']),
  points: z.number().int(),
  detail: z.string(),
});
type Factor = z.infer<typeof factorSchema>;

const keyOf = (ecosystem: string, name: string, version: string | undefined) => `${ecosystem}\0${name}\0${version ?? ''}`;

/** Lockfile issues of every locked package, by ecosystem/name/version. */
function lockIssues(project: Project, trustedHosts: readonly string[]): Map<string, LockIssue[]> {
  const entries: LockEntry[] = project.npmLock ? npmEntries(project.npmLock) : [];
  for (const f of project.files) {
    if (basename(f.path) === 'yarn.lock') entries.push(...yarnEntries(f.content).entries);
    if (basename(f.path) === 'pnpm-lock.yaml') entries.push(...pnpmEntries(f.content).entries);
  }
  const out = new Map<string, LockIssue[]>();
  for (const e of entries) {
    const issues = checkEntry(e, trustedHosts).filter((i) => i.rule in RISK_POINTS.source);
    if (issues.length > 0) out.set(keyOf('npm', e.name, e.version), [...(out.get(keyOf('npm', e.name, e.version)) ?? []), ...issues]);
  }
  return out;
}

/** Advisory findings per package version. */
async function vulnerabilities(deps: SupplyChainDeps, packages: readonly ProjectPackage[]): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  if (!deps.advisories) return out;
  const pinned: Dependency[] = packages.flatMap((p) =>
    p.version ? [{ ecosystem: p.ecosystem, name: p.name, version: p.version, direct: p.direct, file: p.file }] : [],
  );
  for (const f of await matchAdvisories(pinned, deps.advisories)) {
    const m = f.metadata ?? {};
    const key = keyOf(String(m.ecosystem), String(m.package), String(m.version));
    out.set(key, [...(out.get(key) ?? []), f]);
  }
  return out;
}

/** The risk score operation. */
export function riskScoreOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_risk_score',
    title: 'Dependency risk scores',
    description:
      'A 0–100 risk score per dependency of a project, from offline facts only: OSV advisories (critical 40, high 30, medium 15, low 5; ' +
      '+5 per extra advisory), licence verdict (denied 25, unknown or unlisted 10), lockfile source and integrity (git or http 20, ' +
      'untrusted host 10, no integrity 15, weak 10), npm install scripts (10), deprecation (15) and a major version behind (10; both need ' +
      'offline metadata). Levels: low < 20 ≤ medium < 40 ≤ high < 70 ≤ critical. Every factor is listed.',
    input: z.object({
      path: z.string().min(1).max(4096).describe('Project directory inside security.files.roots'),
      policy: licensePolicySchema.optional().describe('Licence policy (default supplyChain.licenses)'),
      metadataFile: z
        .string()
        .min(1)
        .max(4096)
        .optional()
        .describe('Offline metadata JSON inside the roots (default supplyChain.metadataFile)'),
      includeDev: z.boolean().default(true),
      minScore: z.number().int().min(0).max(100).default(1).describe('List only packages scoring at least this (default 1: any risk)'),
      limit: z.number().int().min(1).max(10_000).default(100),
    }),
    output: z.object({
      root: z.string(),
      total: z.number().int(),
      byLevel: z.record(z.string(), z.number().int()),
      advisories: z.boolean().describe('Whether advisories were available to score vulnerabilities'),
      metadata: z.boolean().describe('Whether offline metadata was available to score deprecation and age'),
      packages: z.array(
        z.object({
          ecosystem: z.enum(ECOSYSTEMS),
          name: z.string(),
          version: z.string().optional(),
          direct: z.boolean(),
          dev: z.boolean(),
          score: z.number().int().min(0).max(100),
          level: z.enum(LEVELS),
          factors: z.array(factorSchema),
        }),
      ),
      truncated: z.boolean(),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    timeoutMs: 120_000,
    example: { path: 'services/api', minScore: 20 },
    render: (o) =>
      [
        `${o.root}: ${o.total} packages — ${LEVELS.slice(1)
          .reverse()
          .map((l) => `${o.byLevel[l] ?? 0} ${l}`)
          .join(', ')}`,
        ...o.packages.map(
          (p) =>
            `  ${p.score.toString().padStart(3)} ${p.level.padEnd(8)} ${p.name}@${p.version ?? '?'}: ${p.factors.map((f) => f.factor).join(', ')}`,
        ),
      ].join('\n'),
    run: async (input, ctx) => {
      const policy = input.policy ?? deps.settings.licenses;
      const project = await loadProject(deps.files, input.path);
      const packages = listPackages(project).filter((p) => input.includeDev || !p.dev);
      const source = await metadataSource(deps, { source: 'offline', metadataFile: input.metadataFile }, false);
      const [vulns, licenses, metadata] = await Promise.all([
        vulnerabilities(deps, packages),
        licensesOf(deps.files, project, packages),
        source ? lookupAll(source, packages, { concurrency: 16, signal: ctx.signal }) : Promise.resolve(new Map()),
      ]);
      const locks = lockIssues(project, deps.settings.trustedHosts);
      const scored = packages.map((p) => {
        const key = keyOf(p.ecosystem, p.name, p.version);
        const factors: Factor[] = [];
        const found = (vulns.get(key) ?? []).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
        if (found[0]) {
          const extra = Math.min(3, found.length - 1) * RISK_POINTS.extraAdvisory;
          factors.push({
            factor: 'vulnerability',
            points: RISK_POINTS.vulnerability[found[0].severity] + extra,
            detail: `${found.length} advisor${found.length === 1 ? 'y' : 'ies'}, worst ${found[0].severity}: ${found.map((f) => f.metadata?.advisory).join(', ')}`,
          });
        }
        const license = licenses.get(p)?.license;
        const verdict = evaluateLicense(license, policy);
        if (verdict === 'denied' || verdict === 'unknown' || (verdict === 'unlisted' && policy.allow.length > 0))
          factors.push({
            factor: 'license',
            points: RISK_POINTS.license[verdict],
            detail: `${license ?? 'no licence found'} (${verdict})`,
          });
        for (const issue of p.ecosystem === 'npm' ? (locks.get(key) ?? []) : [])
          factors.push({
            factor: 'source',
            points: RISK_POINTS.source[issue.rule as keyof typeof RISK_POINTS.source],
            detail: issue.message,
          });
        if (p.lock?.hasInstallScript)
          factors.push({ factor: 'install-script', points: RISK_POINTS.installScript, detail: 'runs a script at install time' });
        const meta = metadata.get(p);
        if (meta && !('error' in meta)) {
          if (meta.deprecated)
            factors.push({ factor: 'deprecated', points: RISK_POINTS.deprecated, detail: meta.deprecated.slice(0, 200) });
          if (p.version && meta.latest && behindBy(p.ecosystem, p.version, meta.latest) === 'major' && p.version !== meta.latest)
            factors.push({
              factor: 'outdated',
              points: RISK_POINTS.majorBehind,
              detail: `${p.version} is a major version behind ${meta.latest}`,
            });
        }
        const score = Math.min(
          100,
          factors.reduce((n, f) => n + f.points, 0),
        );
        return {
          ecosystem: p.ecosystem,
          name: p.name,
          ...(p.version ? { version: p.version } : {}),
          direct: p.direct,
          dev: p.dev,
          score,
          level: levelOf(score),
          factors,
        };
      });
      scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
      const byLevel: Record<string, number> = {};
      for (const s of scored) byLevel[s.level] = (byLevel[s.level] ?? 0) + 1;
      const listed = scored.filter((s) => s.score >= input.minScore);
      return {
        root: project.root,
        total: scored.length,
        byLevel,
        advisories: deps.advisories !== undefined && (await deps.advisories.count()) > 0,
        metadata: source !== undefined,
        packages: listed.slice(0, input.limit),
        truncated: listed.length > input.limit,
      };
    },
  });
}
