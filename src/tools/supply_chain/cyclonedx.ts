/**
 * CycloneDX 1.5 JSON: the zod schema of what code-engine emits (mirroring the specification's field names, types,
 * enums and patterns for the parts used), package URLs, SRI → CycloneDX hashes and licence choices.
 */
import { z } from 'zod';
import type { Ecosystem } from '../../crawler/deps/types.js';

const HASH_ALGS = [
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
] as const;
const COMPONENT_TYPES = [
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
] as const;

const hashSchema = z.object({
  alg: z.enum(HASH_ALGS),
  content: z.string().regex(/^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/),
});
const licenseChoiceSchema = z.union([
  z.object({ license: z.union([z.object({ id: z.string().min(1) }), z.object({ name: z.string().min(1) })]) }),
  z.object({ expression: z.string().min(1) }),
]);

/** A CycloneDX 1.5 component (the fields code-engine emits). */
export const cdxComponentSchema = z.object({
  type: z.enum(COMPONENT_TYPES),
  'bom-ref': z.string().min(1).optional(),
  group: z.string().optional(),
  name: z.string().min(1),
  version: z.string().optional(),
  scope: z.enum(['required', 'optional', 'excluded']).optional(),
  hashes: z.array(hashSchema).optional(),
  licenses: z.array(licenseChoiceSchema).optional(),
  purl: z.string().startsWith('pkg:').optional(),
  externalReferences: z.array(z.object({ type: z.literal('distribution'), url: z.string().min(1) })).optional(),
  properties: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});
/** A CycloneDX 1.5 component. */
export type CdxComponent = z.infer<typeof cdxComponentSchema>;

/** A CycloneDX 1.5 BOM as emitted (required: bomFormat, specVersion; serialNumber and version as the spec patterns them). */
export const cdxBomSchema = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.literal('1.5'),
  serialNumber: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  version: z.number().int().min(1),
  metadata: z.object({
    timestamp: z.iso.datetime(),
    tools: z.object({ components: z.array(cdxComponentSchema) }),
    component: cdxComponentSchema.optional(),
  }),
  components: z.array(cdxComponentSchema),
  dependencies: z.array(z.object({ ref: z.string().min(1), dependsOn: z.array(z.string().min(1)) })),
});
/** A CycloneDX 1.5 BOM. */
export type CdxBom = z.infer<typeof cdxBomSchema>;

const enc = (s: string) => encodeURIComponent(s);
const PURL_TYPE: Record<Ecosystem, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  Maven: 'maven',
  RubyGems: 'gem',
};

/** Group (npm scope, Maven groupId, Go module prefix) and name of a package. */
export function splitName(ecosystem: Ecosystem, name: string): { group?: string; name: string } {
  const cut = (sep: string) => {
    const at = name.lastIndexOf(sep);
    return at > 0 ? { group: name.slice(0, at), name: name.slice(at + 1) } : { name };
  };
  if (ecosystem === 'npm' && name.startsWith('@')) return cut('/');
  if (ecosystem === 'Maven') return cut(':');
  if (ecosystem === 'Go') return cut('/');
  return { name };
}

/**
 * The package URL (purl spec) of a package version, e.g. `pkg:npm/%40babel/core@7.20.2`, `pkg:pypi/django@4.2`.
 * @example purlOf('Maven', 'org.apache.logging.log4j:log4j-core', '2.17.1') // 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1'
 */
export function purlOf(ecosystem: Ecosystem, name: string, version?: string): string {
  const normalized = ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  const { group, name: base } = splitName(ecosystem, normalized);
  const namespace = group ? `${group.split('/').map(enc).join('/')}/` : '';
  return `pkg:${PURL_TYPE[ecosystem]}/${namespace}${enc(base)}${version ? `@${enc(version)}` : ''}`;
}

const SRI_ALG: Record<string, (typeof HASH_ALGS)[number]> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

/** CycloneDX hashes of an SRI integrity string ("sha512-<base64> sha1-<base64>"); unknown algorithms are skipped. */
export function hashesOf(integrity: string | undefined): CdxComponent['hashes'] {
  if (!integrity) return undefined;
  const out = integrity.split(/\s+/).flatMap((token) => {
    const dash = token.indexOf('-');
    const alg = SRI_ALG[token.slice(0, dash).toLowerCase()];
    if (!alg) return [];
    const hex = Buffer.from(token.slice(dash + 1), 'base64').toString('hex');
    return hashSchema.safeParse({ alg, content: hex }).success ? [{ alg, content: hex }] : [];
  });
  return out.length > 0 ? out : undefined;
}

/** Licence ids the SBOM writes as `license.id`; CycloneDX validates ids against the SPDX list, so anything else is a name or an expression. */
const SPDX_IDS = [
  '0BSD',
  'AFL-3.0',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'Apache-1.1',
  'Apache-2.0',
  'Artistic-2.0',
  'BlueOak-1.0.0',
  'BSD-1-Clause',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-3-Clause-Clear',
  'BSL-1.0',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'CDDL-1.0',
  'CDDL-1.1',
  'EPL-1.0',
  'EPL-2.0',
  'EUPL-1.2',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'ISC',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'MIT',
  'MIT-0',
  'MPL-2.0',
  'MS-PL',
  'OFL-1.1',
  'PostgreSQL',
  'Python-2.0',
  'Unicode-DFS-2016',
  'Unlicense',
  'UPL-1.0',
  'W3C',
  'WTFPL',
  'X11',
  'Zlib',
];
const SPDX_BY_LOWER = new Map(SPDX_IDS.map((id) => [id.toLowerCase(), id]));

/** The CycloneDX licence choice for a licence string: an SPDX id, an expression, or a free-text name. */
export function licensesOf(license: string | undefined): CdxComponent['licenses'] {
  if (!license) return undefined;
  const text = license.trim();
  const id = SPDX_BY_LOWER.get(text.toLowerCase());
  if (id) return [{ license: { id } }];
  if (/\s(AND|OR|WITH)\s/i.test(text) || /^\(.*\)$/.test(text)) return [{ expression: text }];
  return [{ license: { name: text } }];
}
