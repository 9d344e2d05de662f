import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Tests may use ajv (a dependency of the MCP SDK); src/ must not.
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanToolsHarness, type ScanToolsHarness } from '../../../test/helpers/scan-tools.js';
import { supplyChainSchema } from '../../core/config/supply-chain.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { isAppError } from '../../core/errors.js';
import type { CdxBom } from './cyclonedx.js';
import { hashesOf, licensesOf, purlOf } from './cyclonedx.js';
import { supplyChainToolServer } from './index.js';

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('supply-chain/cyclonedx-1.5.subset.schema.json', FIXTURES), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((formats as unknown as { default?: AddFormats }).default ?? formats) as unknown as AddFormats;
addFormats(ajv);
const validate = ajv.compile(schema);
const code = (e: unknown) => (isAppError(e) ? e.code : String(e));

describe('CycloneDX helpers', () => {
  it('builds purls with encoded scopes, Maven groups and PyPI normalisation', () => {
    expect(purlOf('npm', '@babel/core', '7.20.2')).toBe('pkg:npm/%40babel/core@7.20.2');
    expect(purlOf('Maven', 'org.apache.logging.log4j:log4j-core', '2.17.1')).toBe('pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1');
    expect(purlOf('PyPI', 'Django_Rest.Framework', '3.14.0')).toBe('pkg:pypi/django-rest-framework@3.14.0');
    expect(purlOf('Go', 'github.com/gin-gonic/gin', 'v1.9.1')).toBe('pkg:golang/github.com/gin-gonic/gin@v1.9.1');
  });

  it('turns SRI integrity into hex hashes', () => {
    expect(hashesOf('sha1-W4o6d2Xf4AEmHd6RVYnngvjJTR4=')).toEqual([{ alg: 'SHA-1', content: '5b8a3a7765dfe001261dde915589e782f8c94d1e' }]);
  });

  it('writes SPDX ids, expressions and names differently', () => {
    expect(licensesOf('mit')).toEqual([{ license: { id: 'MIT' } }]);
    expect(licensesOf('MIT OR Apache-2.0')).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(licensesOf('Custom licence')).toEqual([{ license: { name: 'Custom licence' } }]);
  });
});

describe('supply_chain_sbom', () => {
  let h: ScanToolsHarness;
  let bom: CdxBom;

  beforeAll(async () => {
    h = await createScanToolsHarness((parts) => [
      supplyChainToolServer({
        ...parts,
        settings: supplyChainSchema.parse({}),
        dataDir: parts.workspace,
        clock: systemClock,
        ids: systemIds,
        version: '9.9.9',
      }),
    ]);
    cpSync(new URL('supply-chain/app', FIXTURES), join(h.workspace, 'shop'), { recursive: true });
    cpSync(new URL('deps/python-requirements', FIXTURES), join(h.workspace, 'shop/tools'), { recursive: true });
    bom = ((await h.call('supply_chain_sbom', { path: 'shop' }, 'viewer')).output as { bom: CdxBom }).bom;
  });
  afterAll(() => h.cleanup());

  it('validates against the CycloneDX 1.5 schema', () => {
    expect(validate(bom), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('fails a component the schema forbids (the check is live)', () => {
    const broken = { ...bom, components: [{ ...bom.components[0], name: undefined, colour: 'red' }] };
    expect(validate(broken)).toBe(false);
  });

  it('lists every locked npm package once, with its hash and licence', () => {
    const lodash = bom.components.find((c) => c.name === 'lodash');
    expect(lodash).toMatchObject({
      purl: 'pkg:npm/lodash@4.17.15',
      scope: 'required',
      hashes: [{ alg: 'SHA-512', content: expect.stringMatching(/^[0-9a-f]{128}$/) }],
      licenses: [{ license: { id: 'MIT' } }],
      externalReferences: [{ type: 'distribution', url: 'https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz' }],
    });
    expect(bom.components.filter((c) => c.name === 'minimist').map((c) => c.version)).toEqual(['0.0.8', '1.2.5']);
  });

  it('includes other ecosystems found deeper in the tree', () => {
    expect(bom.components.some((c) => c.purl?.startsWith('pkg:pypi/'))).toBe(true);
  });

  it('marks development dependencies as excluded', () => {
    expect(bom.components.find((c) => c.name === 'esbuild')?.scope).toBe('excluded');
  });

  it('records the graph from the lockfile, nested copies included', () => {
    const edges = Object.fromEntries(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(edges['pkg:npm/gpl-lib@1.0.0']).toEqual(['pkg:npm/minimist@0.0.8']);
    expect(edges['pkg:npm/esbuild@0.19.0']).toEqual(['pkg:npm/minimist@1.2.5']);
    expect(edges['pkg:npm/shop@1.0.0']).toContain('pkg:npm/lodash@4.17.15');
  });

  it('refers only to components it lists', () => {
    const refs = new Set([bom.metadata.component?.['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    expect(bom.dependencies.flatMap((d) => [d.ref, ...d.dependsOn]).filter((r) => !refs.has(r))).toEqual([]);
  });

  it('names code-engine as the tool', () => {
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'code-engine', version: '9.9.9' });
  });

  it('leaves development dependencies out on request', async () => {
    const { output } = await h.call('supply_chain_sbom', { path: 'shop', includeDev: false }, 'viewer');
    expect((output as { bom: CdxBom }).bom.components.some((c) => c.name === 'esbuild')).toBe(false);
  });

  it('describes a stored snapshot', async () => {
    const { snapshotId } = await h.crawler.scan({ root: join(h.workspace, 'shop'), analyses: ['deps'] });
    const { output } = await h.call('supply_chain_sbom', { snapshotId }, 'viewer');
    const o = output as { bom: CdxBom; summary: { source: string; withHashes: number } };
    expect(validate(o.bom)).toBe(true);
    expect(o.summary).toMatchObject({ source: 'snapshot', withHashes: 7 });
  });

  it('answers E_VALIDATION with both a path and a snapshot id', async () => {
    await expect(h.call('supply_chain_sbom', { path: 'shop', snapshotId: 'x' }, 'viewer')).rejects.toSatisfy(
      (e) => code(e) === 'E_VALIDATION',
    );
  });

  it('answers E_NOT_FOUND for an unknown snapshot', async () => {
    await expect(h.call('supply_chain_sbom', { snapshotId: 'nope' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
  });

  it('is denied without supply_chain:read', async () => {
    await expect(h.call('supply_chain_sbom', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
  });
});
