/**
 * `supply_chain_license_report`: the licence of every dependency (npm lockfile, else installed node_modules
 * metadata) judged against the allow/deny policy of the call or of `supplyChain.licenses`.
 */
import { z } from 'zod';
import { ECOSYSTEMS } from '../../crawler/deps/types.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SupplyChainDeps } from './deps.js';
import { evaluateLicense, licenseOf, licensePolicySchema, licenseVerdictSchema, violatesPolicy } from './license-policy.js';
import { licensesOf, listPackages } from './package-list.js';
import { loadProject } from './project.js';

const packageLicense = z.object({
  ecosystem: z.enum(ECOSYSTEMS),
  name: z.string(),
  version: z.string().optional(),
  direct: z.boolean(),
  dev: z.boolean(),
  license: z.string().nullable(),
  source: z.enum(['lockfile', 'node_modules', 'none']).describe('Where the licence was found'),
  verdict: licenseVerdictSchema,
  violation: z.boolean(),
});

/** The licence report operation. */
export function licenseReportOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_license_report',
    title: 'Licence report',
    description:
      'Licences of a project’s dependencies (from package-lock.json, else node_modules/*/package.json; other ecosystems record none, so they ' +
      'show as unknown) judged against a policy: the call’s allow/deny globs, else supplyChain.licenses. `A OR B` passes when either side ' +
      'does, `A AND B` only when both do. `ok` is false when a licence is denied or, with an allow list, not on it.',
    input: z.object({
      path: z.string().min(1).max(4096).describe('Project directory (with package.json / a lockfile) inside security.files.roots'),
      policy: licensePolicySchema.optional().describe('Allow/deny globs for this call (default: supplyChain.licenses)'),
      includeDev: z.boolean().default(true).describe('Include development-only dependencies'),
      onlyViolations: z.boolean().default(false).describe('List only packages that break the policy'),
      limit: z.number().int().min(1).max(10_000).default(1_000).describe('Most packages listed (1–10 000)'),
    }),
    output: z.object({
      root: z.string(),
      project: z.object({ name: z.string().optional(), license: z.string().nullable() }),
      policy: licensePolicySchema,
      ok: z.boolean(),
      total: z.number().int(),
      violations: z.number().int(),
      byVerdict: z.record(z.string(), z.number().int()),
      byLicense: z.record(z.string(), z.number().int()),
      packages: z.array(packageLicense),
      truncated: z.boolean(),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    example: { path: 'services/api', policy: { allow: ['MIT', 'Apache-2.0', 'BSD-*', 'ISC'], deny: ['AGPL-*', 'GPL-*'] } },
    render: (o) =>
      [
        `${o.root}: ${o.total} packages, ${o.violations} violation(s) — ${o.ok ? 'OK' : 'FAILED'}`,
        `  ${Object.entries(o.byLicense)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([l, n]) => `${l} ${n}`)
          .join(', ')}`,
        ...o.packages.filter((p) => p.violation).map((p) => `  ${p.verdict}: ${p.name}@${p.version ?? '?'} (${p.license ?? 'no licence'})`),
      ].join('\n'),
    run: async (input) => {
      const policy = input.policy ?? deps.settings.licenses;
      const project = await loadProject(deps.files, input.path);
      const packages = listPackages(project).filter((p) => input.includeDev || !p.dev);
      const licenses = await licensesOf(deps.files, project, packages);
      const rows = packages
        .map((p) => {
          const { license, source } = licenses.get(p) ?? { license: undefined, source: 'none' as const };
          const verdict = evaluateLicense(license, policy);
          return {
            ecosystem: p.ecosystem,
            name: p.name,
            ...(p.version ? { version: p.version } : {}),
            direct: p.direct,
            dev: p.dev,
            license: license ?? null,
            source,
            verdict,
            violation: violatesPolicy(verdict, policy),
          };
        })
        .sort((a, b) => Number(b.violation) - Number(a.violation) || a.name.localeCompare(b.name));
      const byVerdict: Record<string, number> = {};
      const byLicense: Record<string, number> = {};
      for (const r of rows) {
        byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
        byLicense[r.license ?? '(none)'] = (byLicense[r.license ?? '(none)'] ?? 0) + 1;
      }
      const listed = input.onlyViolations ? rows.filter((r) => r.violation) : rows;
      const violations = rows.filter((r) => r.violation).length;
      const name = project.manifest?.name ?? project.npmLock?.rootName;
      return {
        root: project.root,
        project: {
          ...(typeof name === 'string' ? { name } : {}),
          license: project.npmLock?.rootLicense ?? (project.manifest ? licenseOf(project.manifest) : undefined) ?? null,
        },
        policy,
        ok: violations === 0,
        total: rows.length,
        violations,
        byVerdict,
        byLicense,
        packages: listed.slice(0, input.limit),
        truncated: listed.length > input.limit,
      };
    },
  });
}
