/**
 * `supply_chain_sbom`: a CycloneDX 1.5 JSON bill of materials from the crawler's dependency data (a fresh
 * dependency-only scan of a directory, or a stored snapshot), with hashes, licences, download URLs and the
 * dependency graph taken from npm lockfiles where the tree has them.
 */
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { ECOSYSTEMS, type Ecosystem } from '../../crawler/deps/types.js';
import type { ReportDependency } from '../../crawler/report/report-schema.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { resolveScanDirectory, toProgressUpdate } from '../crawler/scan-root.js';
import { scanPathSchema, snapshotIdSchema } from '../crawler/schemas.js';
import { type CdxBom, type CdxComponent, cdxBomSchema, hashesOf, licensesOf, purlOf, splitName } from './cyclonedx.js';
import type { SupplyChainDeps } from './deps.js';
import { type LockPackage, type NpmLockfile, parseNpmLockfile, resolvePackage } from './npm-lockfile.js';
import { MAX_MANIFEST_BYTES } from './project.js';

/** What a BOM is built from. */
export interface SbomInput {
  root: string;
  dependencies: readonly ReportDependency[];
  /** npm lockfiles of the tree, for hashes, licences, URLs and edges. */
  locks: readonly NpmLockfile[];
  includeDev: boolean;
  clock: Clock;
  ids: Ids;
  version: string;
}

const isEcosystem = (e: string): e is Ecosystem => (ECOSYSTEMS as readonly string[]).includes(e);
const refOf = (eco: Ecosystem, name: string, version: string | undefined, spec?: string) =>
  version ? purlOf(eco, name, version) : `${purlOf(eco, name)}#${spec ?? '*'}`;

/**
 * Build the BOM. Dependencies found under node_modules/ (installed copies) are left out; the same package
 * version found in several manifests is one component listing every file.
 */
export function buildSbom(input: SbomInput): CdxBom {
  const lockInfo = new Map<string, LockPackage>();
  for (const lock of input.locks)
    for (const p of lock.packages) if (p.version && !lockInfo.has(`${p.name}@${p.version}`)) lockInfo.set(`${p.name}@${p.version}`, p);
  const components = new Map<string, CdxComponent>();
  const direct = new Set<string>();
  for (const d of input.dependencies) {
    if (!isEcosystem(d.ecosystem) || d.file.split('/').includes('node_modules') || (d.dev && !input.includeDev)) continue;
    const ref = refOf(d.ecosystem, d.name, d.version, d.spec);
    if (d.direct) direct.add(ref);
    const scope = d.dev ? 'excluded' : 'required';
    const seen = components.get(ref);
    if (seen) {
      if (scope === 'required') seen.scope = 'required';
      if (!seen.properties?.some((p) => p.value === d.file)) seen.properties?.push({ name: 'code-engine:file', value: d.file });
      continue;
    }
    const lock = d.ecosystem === 'npm' && d.version ? lockInfo.get(`${d.name}@${d.version}`) : undefined;
    const hashes = hashesOf(lock?.integrity);
    const licenses = licensesOf(lock?.license);
    const { group, name } = splitName(d.ecosystem, d.name);
    components.set(ref, {
      type: 'library',
      'bom-ref': ref,
      ...(group ? { group } : {}),
      name,
      ...(d.version ? { version: d.version } : {}),
      scope,
      ...(hashes ? { hashes } : {}),
      ...(licenses ? { licenses } : {}),
      purl: purlOf(d.ecosystem, d.name, d.version),
      ...(lock?.resolved && /^https?:\/\//.test(lock.resolved)
        ? { externalReferences: [{ type: 'distribution' as const, url: lock.resolved }] }
        : {}),
      properties: [{ name: 'code-engine:file', value: d.file }],
    });
  }
  const edges = new Map<string, Set<string>>([...components.keys()].map((ref) => [ref, new Set<string>()]));
  for (const lock of input.locks)
    for (const p of lock.packages) {
      const from = p.version ? purlOf('npm', p.name, p.version) : undefined;
      const out = from ? edges.get(from) : undefined;
      if (!out) continue;
      for (const name of Object.keys(p.requires)) {
        const child = resolvePackage(lock, p.key, name);
        const to = child?.version ? purlOf('npm', child.name, child.version) : undefined;
        if (to && to !== from && components.has(to)) out.add(to);
      }
    }
  const top = input.locks.find((l) => !l.file.includes('/'));
  const projectName = top?.rootName ?? basename(input.root);
  const rootRef = top?.rootName ? purlOf('npm', top.rootName, top.rootVersion) : `code-engine:project:${projectName}`;
  const sorted = [...components.values()].sort((a, b) => (a['bom-ref'] ?? '').localeCompare(b['bom-ref'] ?? ''));
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${input.ids.uuid()}`,
    version: 1,
    metadata: {
      timestamp: new Date(input.clock.now()).toISOString(),
      tools: { components: [{ type: 'application', name: 'code-engine', version: input.version }] },
      component: {
        type: 'application',
        'bom-ref': rootRef,
        name: projectName,
        ...(top?.rootVersion ? { version: top.rootVersion } : {}),
        ...(top?.rootName ? { purl: rootRef } : {}),
        ...(top?.rootLicense ? { licenses: licensesOf(top.rootLicense) } : {}),
      },
    },
    components: sorted,
    dependencies: [
      { ref: rootRef, dependsOn: [...direct].filter((r) => components.has(r)).sort() },
      ...sorted.map((c) => ({ ref: c['bom-ref'] as string, dependsOn: [...(edges.get(c['bom-ref'] as string) ?? [])].sort() })),
    ],
  };
}

/** Parse the npm lockfiles among `files` (paths relative to `root`); unreadable ones are skipped. */
async function readLocks(deps: SupplyChainDeps, root: string, files: Iterable<string>): Promise<NpmLockfile[]> {
  const names = [...new Set(files)].filter(
    (f) => /(^|\/)(package-lock|npm-shrinkwrap)\.json$/.test(f) && !f.split('/').includes('node_modules'),
  );
  const locks = await Promise.all(
    names.map(async (file) => {
      try {
        const text = (await deps.files.readFile(join(root, file), { maxBytes: MAX_MANIFEST_BYTES })).toString('utf8');
        return parseNpmLockfile(file, text);
      } catch {
        return undefined;
      }
    }),
  );
  return locks.filter((l): l is NpmLockfile => l !== undefined);
}

/** The SBOM operation. */
export function sbomOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_sbom',
    title: 'Software bill of materials (CycloneDX)',
    description:
      'A CycloneDX 1.5 JSON SBOM of a directory (a dependency-only scan of the whole tree, nothing stored) or of a stored snapshot: every ' +
      'package of npm, PyPI, Go, crates.io, Maven and RubyGems manifests and lockfiles with its purl; npm packages also get SHA hashes, licences, ' +
      'download URLs and the dependency graph from package-lock.json. Development dependencies have scope "excluded".',
    input: z.object({
      path: scanPathSchema.optional().describe('Directory to describe, inside security.files.roots (or give snapshotId)'),
      snapshotId: snapshotIdSchema.optional().describe('A stored scan to describe instead of scanning'),
      includeDev: z.boolean().default(true).describe('Include development-only dependencies (scope "excluded")'),
    }),
    output: z.object({
      bom: cdxBomSchema,
      summary: z.object({
        root: z.string(),
        source: z.enum(['scan', 'snapshot']),
        components: z.number().int(),
        byEcosystem: z.record(z.string(), z.number().int()),
        withHashes: z.number().int(),
        withLicenses: z.number().int(),
        edges: z.number().int(),
      }),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    timeoutMs: 600_000,
    example: { path: 'services/api', includeDev: false },
    render: (o) =>
      `CycloneDX 1.5 SBOM of ${o.summary.root} (${o.summary.source}): ${o.summary.components} components (${Object.entries(
        o.summary.byEcosystem,
      )
        .map(([e, n]) => `${e} ${n}`)
        .join(', ')}), ${o.summary.withHashes} with hashes, ${o.summary.withLicenses} with licences, ${o.summary.edges} dependency edges.`,
    run: async (input, ctx) => {
      if ((input.path === undefined) === (input.snapshotId === undefined))
        throw new AppError('E_VALIDATION', 'Give exactly one of path (scan a directory) or snapshotId (a stored scan).');
      let root: string;
      let dependencies: readonly ReportDependency[];
      if (input.path !== undefined) {
        root = await resolveScanDirectory(deps.files, input.path);
        const { report } = await deps.crawler.scan(
          { root, analyses: ['deps'], store: false },
          { signal: ctx.signal, onProgress: (p) => ctx.progress(toProgressUpdate(p)) },
        );
        dependencies = report.dependencies;
      } else {
        const report = await deps.crawler.show(input.snapshotId as string);
        root = report.root;
        dependencies = report.dependencies;
      }
      const locks = await readLocks(
        deps,
        root,
        dependencies.map((d) => d.file),
      );
      const bom = buildSbom({
        root,
        dependencies,
        locks,
        includeDev: input.includeDev,
        clock: deps.clock,
        ids: deps.ids,
        version: deps.version,
      });
      const byEcosystem: Record<string, number> = {};
      for (const c of bom.components) {
        const eco = c.purl?.slice(4, c.purl.indexOf('/')) ?? 'other';
        byEcosystem[eco] = (byEcosystem[eco] ?? 0) + 1;
      }
      return {
        bom,
        summary: {
          root,
          source: input.path !== undefined ? ('scan' as const) : ('snapshot' as const),
          components: bom.components.length,
          byEcosystem,
          withHashes: bom.components.filter((c) => c.hashes).length,
          withLicenses: bom.components.filter((c) => c.licenses).length,
          edges: bom.dependencies.reduce((n, d) => n + d.dependsOn.length, 0),
        },
      };
    },
  });
}
