import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanToolsHarness, type ScanToolsHarness } from '../../../test/helpers/scan-tools.js';
import { supplyChainSchema } from '../../core/config/supply-chain.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { isAppError } from '../../core/errors.js';
import { supplyChainToolServer } from './index.js';

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const OSV = new URL('osv/advisories/', FIXTURES);
const code = (e: unknown) => (isAppError(e) ? e.code : String(e));
type Rows<T> = { packages: T[] };

describe('supply chain tool server', () => {
  let h: ScanToolsHarness;

  beforeAll(async () => {
    h = await createScanToolsHarness((parts) => [
      supplyChainToolServer({
        ...parts,
        settings: supplyChainSchema.parse({ licenses: { deny: ['GPL-*'] } }),
        dataDir: parts.workspace,
        clock: systemClock,
        ids: systemIds,
        version: 'test',
      }),
    ]);
    await h.advisories.import(readdirSync(OSV).map((f) => ({ path: f, content: readFileSync(new URL(f, OSV), 'utf8') })));
    cpSync(new URL('supply-chain/app', FIXTURES), join(h.workspace, 'shop'), { recursive: true });
    cpSync(new URL('supply-chain/bad', FIXTURES), join(h.workspace, 'bad'), { recursive: true });
    cpSync(new URL('supply-chain/metadata.json', FIXTURES), join(h.workspace, 'metadata.json'));
    // node_modules metadata for the package whose lockfile entry has no licence (a legacy `licenses` array).
    h.tree('shop/node_modules/old-lib', {
      'package.json': JSON.stringify({ name: 'old-lib', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
    });
    h.tree('empty', { 'README.md': '# nothing here\n' });
  });
  afterAll(() => h.cleanup());

  describe('supply_chain_license_report', () => {
    type Row = { name: string; license: string | null; source: string; verdict: string; violation: boolean };

    it('judges licences against the configured policy', async () => {
      const { output } = await h.call('supply_chain_license_report', { path: 'shop' }, 'viewer');
      expect(output).toMatchObject({ ok: false, violations: 1, total: 7, project: { name: 'shop', license: 'MIT' } });
      expect((output as Rows<Row>).packages[0]).toMatchObject({ name: 'gpl-lib', verdict: 'denied', violation: true });
    });

    it('falls back to node_modules metadata', async () => {
      const { output } = await h.call('supply_chain_license_report', { path: 'shop' }, 'viewer');
      expect((output as Rows<Row>).packages.find((p) => p.name === 'old-lib')).toMatchObject({
        license: 'MIT OR Apache-2.0',
        source: 'node_modules',
        verdict: 'allowed',
      });
    });

    it('applies the policy of the call and lists only violations', async () => {
      const policy = { allow: ['MIT', 'GPL-*'], deny: [] };
      const { output } = await h.call('supply_chain_license_report', { path: 'shop', policy, onlyViolations: true }, 'viewer');
      expect((output as Rows<Row>).packages.map((p) => [p.name, p.verdict])).toEqual([['left-pad', 'unlisted']]);
    });

    it('answers E_NOT_FOUND for a directory without manifests', async () => {
      await expect(h.call('supply_chain_license_report', { path: 'empty' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('answers E_VALIDATION for a malformed policy', async () => {
      await expect(h.call('supply_chain_license_report', { path: 'shop', policy: { allow: 'MIT' } }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('is denied without supply_chain:read', async () => {
      await expect(h.call('supply_chain_license_report', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('supply_chain_dependency_tree', () => {
    type Node = { id: string; name: string; version?: string; depth: number; dependencies: string[] };

    it('resolves nested copies as Node does', async () => {
      const { output } = await h.call('supply_chain_dependency_tree', { path: 'shop' }, 'viewer');
      const nodes = (output as { nodes: Node[] }).nodes;
      expect(nodes.find((n) => n.name === 'gpl-lib')?.dependencies).toEqual(['node_modules/gpl-lib/node_modules/minimist']);
      expect(nodes.find((n) => n.name === 'esbuild')?.dependencies).toEqual(['node_modules/minimist']);
      expect(output).toMatchObject({ roots: expect.arrayContaining(['node_modules/lodash']), missingRoots: [] });
    });

    it('keeps only the paths to a focused package', async () => {
      const { output, text } = await h.call(
        'supply_chain_dependency_tree',
        { path: 'shop', focus: 'minimist', includeDev: false },
        'viewer',
      );
      expect((output as { nodes: Node[] }).nodes.map((n) => `${n.name}@${n.version}`)).toEqual(['gpl-lib@1.0.0', 'minimist@0.0.8']);
      expect(text).toBe('gpl-lib@1.0.0\n  minimist@0.0.8');
    });

    it('stops at maxDepth and says so', async () => {
      const { output } = await h.call('supply_chain_dependency_tree', { path: 'shop', maxDepth: 1 }, 'viewer');
      expect(output).toMatchObject({ truncated: true });
      expect((output as { nodes: Node[] }).nodes.every((n) => n.depth === 1)).toBe(true);
    });

    it('answers E_VALIDATION without an npm lockfile', async () => {
      await expect(h.call('supply_chain_dependency_tree', { path: 'bad/http-yarn' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('answers E_VALIDATION for maxDepth 0', async () => {
      await expect(h.call('supply_chain_dependency_tree', { path: 'shop', maxDepth: 0 }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('is denied without supply_chain:read', async () => {
      await expect(h.call('supply_chain_dependency_tree', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('supply_chain_outdated', () => {
    type Row = { name: string; current?: string; wanted?: string; latest?: string; status: string; behind?: string; deprecated?: string };

    it('compares locked versions with offline metadata', async () => {
      const { output } = await h.call('supply_chain_outdated', { path: 'shop', metadataFile: 'metadata.json' }, 'viewer');
      const rows = Object.fromEntries((output as Rows<Row>).packages.map((p) => [p.name, p]));
      expect(rows.lodash).toMatchObject({ current: '4.17.15', wanted: '4.17.21', latest: '4.17.21', status: 'outdated', behind: 'patch' });
      expect(rows['old-lib']).toMatchObject({ status: 'outdated', behind: 'major', wanted: '0.1.0' });
      expect(rows['left-pad']).toMatchObject({ status: 'current', deprecated: 'use String.prototype.padStart()' });
    });

    it('checks transitive packages on request', async () => {
      const { output } = await h.call(
        'supply_chain_outdated',
        { path: 'shop', metadataFile: 'metadata.json', includeTransitive: true },
        'viewer',
      );
      expect((output as Rows<Row>).packages.find((p) => p.name === 'minimist')).toMatchObject({
        status: 'unknown',
        note: 'no metadata for this package',
      });
    });

    it('answers E_VALIDATION without any metadata source', async () => {
      await expect(h.call('supply_chain_outdated', { path: 'shop' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('refuses registry lookups while supplyChain.registry.enabled is off', async () => {
      await expect(h.call('supply_chain_outdated', { path: 'shop', source: 'registry' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });

    it('answers E_VALIDATION for a metadata file of the wrong shape', async () => {
      await expect(h.call('supply_chain_outdated', { path: 'shop', metadataFile: 'shop/package.json' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('refuses a metadata file outside the roots', async () => {
      await expect(h.call('supply_chain_outdated', { path: 'shop', metadataFile: '/etc/hostname' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('supply_chain_verify_lockfile', () => {
    it('finds the lockfile of a directory', async () => {
      const { output } = await h.call('supply_chain_verify_lockfile', { path: 'shop' }, 'viewer');
      expect(output).toMatchObject({ file: 'package-lock.json', ok: true, packages: 7 });
    });

    it('checks package.json beside an npm lockfile', async () => {
      const { output, text } = await h.call('supply_chain_verify_lockfile', { path: 'bad/drift/package-lock.json' }, 'viewer');
      expect(output).toMatchObject({ ok: false, byRule: { 'manifest-drift': 1 } });
      expect(text).toContain('FAILED');
    });

    it('answers E_VALIDATION for a file that is not a lockfile', async () => {
      await expect(h.call('supply_chain_verify_lockfile', { path: 'shop/package.json' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('answers E_NOT_FOUND for a directory without a lockfile', async () => {
      await expect(h.call('supply_chain_verify_lockfile', { path: 'empty' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('is denied without supply_chain:read', async () => {
      await expect(h.call('supply_chain_verify_lockfile', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('supply_chain_risk_score', () => {
    type Row = { name: string; version?: string; score: number; level: string; factors: Array<{ factor: string; points: number }> };

    it('scores each package from advisories, licence, install scripts and metadata', async () => {
      const { output } = await h.call('supply_chain_risk_score', { path: 'shop', metadataFile: 'metadata.json' }, 'viewer');
      const rows = Object.fromEntries((output as Rows<Row>).packages.map((p) => [p.name, p]));
      expect(rows.lodash?.factors.map((f) => f.factor)).toEqual(['vulnerability']);
      expect(rows['gpl-lib']).toMatchObject({ score: 25, level: 'medium', factors: [{ factor: 'license', points: 25 }] });
      expect(rows.esbuild?.factors.map((f) => f.factor)).toEqual(['install-script']);
      expect(rows['left-pad']?.factors.map((f) => f.factor)).toEqual(['deprecated']);
      expect(rows['old-lib']?.factors.map((f) => f.factor)).toEqual(['outdated']);
      expect(output).toMatchObject({ advisories: true, metadata: true });
    });

    it('ranks the riskiest package first', async () => {
      const { output } = await h.call('supply_chain_risk_score', { path: 'shop' }, 'viewer');
      const rows = (output as Rows<Row>).packages;
      const rank = (name: string) => rows.findIndex((r) => r.name === name);
      expect(rows[0]?.factors[0]?.factor).toBe('vulnerability');
      expect(rank('lodash')).toBeLessThan(rank('gpl-lib'));
      expect(rank('gpl-lib')).toBeLessThan(rank('esbuild'));
      expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
    });

    it('scores git sources and missing integrity', async () => {
      const { output } = await h.call('supply_chain_risk_score', { path: 'bad/git-sources' }, 'viewer');
      expect((output as Rows<Row>).packages.map((p) => p.name)).toEqual(expect.arrayContaining(['forked-lib', 'shorthand']));
    });

    it('answers E_VALIDATION for minScore over 100', async () => {
      await expect(h.call('supply_chain_risk_score', { path: 'shop', minScore: 101 }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('is denied without supply_chain:read', async () => {
      await expect(h.call('supply_chain_risk_score', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });
});
