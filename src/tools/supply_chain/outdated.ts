/**
 * `supply_chain_outdated`: installed (locked) versions against the latest known ones, compared with each
 * ecosystem's version order. Metadata comes from an offline file by default (see package-metadata.ts).
 */
import semver from 'semver';
import { z } from 'zod';
import { ECOSYSTEMS, type Ecosystem } from '../../crawler/deps/types.js';
import { compareVersions, isValidVersion } from '../../crawler/deps/versions/compare.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SupplyChainDeps } from './deps.js';
import { listPackages, type ProjectPackage } from './package-list.js';
import { lookupAll, metadataSource, type PackageMetadata } from './package-metadata.js';
import { loadProject } from './project.js';

const BEHIND = ['major', 'minor', 'patch', 'prerelease', 'other'] as const;
type Behind = (typeof BEHIND)[number];

/** How far `current` is behind `latest`: the first differing numeric component (semver.diff for npm). */
export function behindBy(ecosystem: Ecosystem, current: string, latest: string): Behind {
  if (ecosystem === 'npm' || ecosystem === 'crates.io') {
    const d = semver.valid(current) && semver.valid(latest) ? semver.diff(current, latest) : null;
    if (d === 'major' || d === 'premajor') return 'major';
    if (d === 'minor' || d === 'preminor') return 'minor';
    if (d === 'patch' || d === 'prepatch') return 'patch';
    if (d === 'prerelease') return 'prerelease';
  }
  const parts = (v: string) => (v.replace(/^v/, '').match(/\d+/g) ?? []).map(Number);
  const [a, b] = [parts(current), parts(latest)];
  for (const [i, level] of (['major', 'minor', 'patch'] as const).entries()) if ((a[i] ?? 0) !== (b[i] ?? 0)) return level;
  return 'other';
}

const row = z.object({
  ecosystem: z.enum(ECOSYSTEMS),
  name: z.string(),
  current: z.string().optional(),
  wanted: z.string().optional().describe('Newest version the declared range accepts (npm, direct dependencies)'),
  latest: z.string().optional(),
  status: z.enum(['current', 'outdated', 'unknown']),
  behind: z.enum(BEHIND).optional(),
  deprecated: z.string().optional(),
  direct: z.boolean(),
  dev: z.boolean(),
  note: z.string().optional().describe('Why the status is unknown'),
});
/** One package's standing. */
export type OutdatedRow = z.infer<typeof row>;

/** Compare one package with its metadata. */
export function judgeOutdated(p: ProjectPackage, meta: PackageMetadata | { error: string } | undefined, spec?: string): OutdatedRow {
  const base = { ecosystem: p.ecosystem, name: p.name, ...(p.version ? { current: p.version } : {}), direct: p.direct, dev: p.dev };
  if (!meta) return { ...base, status: 'unknown', note: 'no metadata for this package' };
  if ('error' in meta) return { ...base, status: 'unknown', note: meta.error };
  const deprecated = meta.deprecated ? { deprecated: meta.deprecated } : {};
  const wanted = spec && meta.versions && p.ecosystem === 'npm' ? semver.maxSatisfying(meta.versions, spec) : null;
  const known = { ...(meta.latest ? { latest: meta.latest } : {}), ...(wanted ? { wanted } : {}), ...deprecated };
  if (!p.version || !meta.latest || !isValidVersion(p.ecosystem, p.version))
    return { ...base, ...known, status: 'unknown', note: p.version ? 'no latest version known' : 'no exact version is locked' };
  if (compareVersions(p.ecosystem, p.version, meta.latest) >= 0) return { ...base, ...known, status: 'current' };
  return { ...base, ...known, status: 'outdated', behind: behindBy(p.ecosystem, p.version, meta.latest) };
}

/** The outdated-packages operation. */
export function outdatedOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_outdated',
    title: 'Outdated dependencies',
    description:
      'Locked versions of a project’s dependencies against the latest known versions (how far behind: major, minor, patch) and deprecations. ' +
      'Metadata comes from an offline JSON file by default (the call’s metadataFile inside the roots, or supplyChain.metadataFile); ' +
      'source "registry" asks the npm registry through the guarded HTTP client, only where supplyChain.registry.enabled allows it.',
    input: z.object({
      path: z.string().min(1).max(4096).describe('Project directory inside security.files.roots'),
      source: z
        .enum(['offline', 'registry'])
        .default('offline')
        .describe('offline (default): a metadata file; registry: the npm registry API'),
      metadataFile: z
        .string()
        .min(1)
        .max(4096)
        .optional()
        .describe('Offline metadata JSON inside the roots (default supplyChain.metadataFile)'),
      includeTransitive: z.boolean().default(false).describe('Also check packages only other packages require'),
      includeDev: z.boolean().default(true),
      onlyOutdated: z.boolean().default(false).describe('List only outdated packages'),
      limit: z.number().int().min(1).max(10_000).default(1_000),
    }),
    output: z.object({
      root: z.string(),
      source: z.enum(['offline', 'registry']),
      total: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      packages: z.array(row),
      truncated: z.boolean(),
      note: z.string().optional(),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    timeoutMs: 120_000,
    example: { path: 'services/api', metadataFile: 'metadata/npm.json', onlyOutdated: true },
    render: (o) =>
      [
        `${o.root}: ${o.byStatus.outdated ?? 0} outdated, ${o.byStatus.current ?? 0} current, ${o.byStatus.unknown ?? 0} unknown (${o.source})`,
        ...o.packages
          .filter((p) => p.status === 'outdated' || p.deprecated)
          .map(
            (p) =>
              `  ${p.name} ${p.current ?? '?'} → ${p.latest ?? '?'}${p.behind ? ` (${p.behind})` : ''}${p.deprecated ? ' DEPRECATED' : ''}`,
          ),
        ...(o.note ? [o.note] : []),
      ].join('\n'),
    run: async (input, ctx) => {
      const source = (await metadataSource(deps, input, true)) as NonNullable<Awaited<ReturnType<typeof metadataSource>>>;
      const project = await loadProject(deps.files, input.path);
      const wanted = listPackages(project).filter((p) => (input.includeTransitive || p.direct) && (input.includeDev || !p.dev));
      const cap = source.kind === 'registry' ? deps.settings.registry.maxPackages : wanted.length;
      const looked = await lookupAll(source, wanted.slice(0, cap), {
        concurrency: source.kind === 'registry' ? deps.settings.registry.concurrency : 16,
        signal: ctx.signal,
      });
      const specs = project.npmLock?.rootRequires ?? {};
      const rows = wanted
        .map((p) => judgeOutdated(p, looked.get(p), p.ecosystem === 'npm' && p.direct ? specs[p.name]?.spec : undefined))
        .sort((a, b) => Number(b.status === 'outdated') - Number(a.status === 'outdated') || a.name.localeCompare(b.name));
      const byStatus: Record<string, number> = {};
      for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const listed = input.onlyOutdated ? rows.filter((r) => r.status === 'outdated') : rows;
      return {
        root: project.root,
        source: source.kind,
        total: rows.length,
        byStatus,
        packages: listed.slice(0, input.limit),
        truncated: listed.length > input.limit,
        ...(wanted.length > cap ? { note: `Only the first ${cap} packages were looked up (supplyChain.registry.maxPackages).` } : {}),
      };
    },
  });
}
