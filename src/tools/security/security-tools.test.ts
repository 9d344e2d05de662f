import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanToolsHarness, type ScanToolsHarness } from '../../../test/helpers/scan-tools.js';
import { isAppError } from '../../core/errors.js';
import type { ProgressUpdate } from '../../gateway/operation.js';
import { securityToolServer } from './index.js';
import type { ScanOutput } from './scan-output.js';

// Built from pieces so this file holds no literal token.
const TOKEN = ['gh', 'p_'].join('') + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source holds a template literal.
const RUN_JS = 'const { exec } = require("child_process");\nexec(`ls ${process.argv[2]}`);\n';
const code = (e: unknown) => (isAppError(e) ? e.code : String(e));
const OSV = new URL('../../../test/fixtures/osv/advisories/', import.meta.url);
const PACKAGE_JSON = JSON.stringify({ name: 'shop', version: '1.0.0', dependencies: { lodash: '^4.17.15' } });
const PACKAGE_LOCK = JSON.stringify({
  name: 'shop',
  lockfileVersion: 3,
  packages: {
    '': { name: 'shop', dependencies: { lodash: '^4.17.15' } },
    'node_modules/lodash': { version: '4.17.15', integrity: 'sha512-AAAA' },
  },
});

describe('security tool server', () => {
  let h: ScanToolsHarness;
  let repo: string;

  beforeAll(async () => {
    h = await createScanToolsHarness((parts) => [securityToolServer({ ...parts, maxFileBytes: 1_048_576, parseMaxBytes: 524_288 })]);
    await h.advisories.import(readdirSync(OSV).map((f) => ({ path: f, content: readFileSync(new URL(f, OSV), 'utf8') })));
    repo = h.tree('shop', {
      'src/app.js': 'export function run(input) {\n  return eval(input);\n}\n',
      'config.env': `TOKEN=${TOKEN}\n`,
      'package.json': PACKAGE_JSON,
      'package-lock.json': PACKAGE_LOCK,
      'logo.bin': '\u0000\u0001binary',
    });
    h.git(repo, 'init', '-q');
    h.git(repo, 'add', '.');
    h.git(repo, 'commit', '-q', '-m', 'first');
  });
  afterAll(() => h.cleanup());

  describe('security_scan_repository', () => {
    it('finds secrets, insecure code and vulnerable dependencies and stores a snapshot', async () => {
      const { output } = await h.call('security_scan_repository', { path: 'shop' });
      const o = output as ScanOutput;
      expect(o.snapshotId).toEqual(expect.any(String));
      expect(o.byKind).toEqual({ secret: 1, sast: 1, 'vuln-dep': 2 });
      expect(o.findings.map((f) => f.ruleId)).toContain('vuln-dep/GHSA-p6mc-m468-83gw');
    });

    it('reports progress', async () => {
      const updates: ProgressUpdate[] = [];
      await h.call('security_scan_repository', { path: 'shop', store: false }, 'operator', { onProgress: (u) => updates.push(u) });
      // Five files are listed; the binary one is skipped, so four are analysed.
      expect(updates.at(-1)).toMatchObject({ progress: 4, total: 5, message: expect.stringMatching(/^finishing/) });
    });

    it('stops when the call is cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(h.call('security_scan_repository', { path: 'shop' }, 'operator', { signal: controller.signal })).rejects.toSatisfy((e) =>
        ['E_CANCELLED', 'E_TIMEOUT'].includes(code(e)),
      );
    });

    it('cuts findings at limit and minSeverity', async () => {
      const { output } = await h.call('security_scan_repository', { path: 'shop', store: false, minSeverity: 'high', limit: 1 });
      const o = output as ScanOutput;
      expect(o).toMatchObject({ snapshotId: null, truncated: true, findings: [expect.anything()] });
      expect(Object.keys(o.bySeverity).every((s) => s === 'high' || s === 'critical')).toBe(true);
    });

    it('answers E_VALIDATION for a limit over 1000', async () => {
      await expect(h.call('security_scan_repository', { path: 'shop', limit: 5000 })).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('refuses a path outside the file roots', async () => {
      await expect(h.call('security_scan_repository', { path: '../..' })).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
    });

    it('is denied without crawler:scan', async () => {
      await expect(h.call('security_scan_repository', { path: 'shop' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
    });
  });

  describe('single-analyzer scans', () => {
    it('finds only secrets with security_scan_secrets', async () => {
      const { output } = await h.call('security_scan_secrets', { path: 'shop' }, 'viewer');
      expect((output as ScanOutput).findings.map((f) => [f.ruleId, f.match])).toEqual([['secret/github-pat', 'ghp_************']]);
    });

    it('finds only insecure code with security_sast_scan', async () => {
      const { output } = await h.call('security_sast_scan', { path: 'shop' }, 'viewer');
      expect((output as ScanOutput).byKind).toEqual({ sast: 1 });
    });

    it('lists dependencies and the advisory count with security_scan_dependencies', async () => {
      const { output } = await h.call('security_scan_dependencies', { path: 'shop' }, 'viewer');
      expect(output).toMatchObject({ dependencyCount: 1, advisories: expect.any(Number), byKind: { 'vuln-dep': 2 } });
    });

    it('answers E_VALIDATION for a file, naming security_scan_file', async () => {
      await expect(h.call('security_scan_secrets', { path: 'shop/config.env' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION' && String((e as Error).message).includes('security_scan_file'),
      );
    });

    it('answers E_VALIDATION without a path', async () => {
      await expect(h.call('security_sast_scan', {}, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('is denied without security:read', async () => {
      await expect(h.call('security_scan_secrets', { path: 'shop' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('security_scan_file', () => {
    it('scans one source file for insecure code', async () => {
      const { output } = await h.call('security_scan_file', { path: 'shop/src/app.js' }, 'viewer');
      expect(output).toMatchObject({ file: 'shop/src/app.js', language: 'JavaScript', analyses: ['secrets', 'sast'], byKind: { sast: 1 } });
    });

    it('matches a lockfile against the advisories', async () => {
      const { output } = await h.call('security_scan_file', { path: 'shop/package-lock.json', analyses: ['deps'] }, 'viewer');
      expect(output).toMatchObject({ analyses: ['deps'], dependencies: 1, byKind: { 'vuln-dep': 2 } });
    });

    it('refuses a binary file', async () => {
      await expect(h.call('security_scan_file', { path: 'shop/logo.bin' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('answers E_NOT_FOUND for a missing file', async () => {
      await expect(h.call('security_scan_file', { path: 'shop/nope.js' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('answers E_VALIDATION for an unknown analyzer', async () => {
      await expect(h.call('security_scan_file', { path: 'shop/src/app.js', analyses: ['git'] }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('is denied without security:read', async () => {
      await expect(h.call('security_scan_file', { path: 'shop/src/app.js' }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });

  describe('stored scans', () => {
    let before: string;
    let after: string;

    beforeAll(async () => {
      before = ((await h.call('security_scan_repository', { path: 'shop' })).output as ScanOutput).snapshotId as string;
      h.tree('shop', { 'src/app.js': 'export const run = (input) => JSON.parse(input);\n', 'src/run.js': RUN_JS });
      after = ((await h.call('security_scan_repository', { path: 'shop' })).output as ScanOutput).snapshotId as string;
    });

    it('renders SARIF by default', async () => {
      const { output } = await h.call('security_report', { snapshotId: before }, 'viewer');
      const sarif = JSON.parse((output as { content: string }).content);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.length).toBe((output as { findings: number }).findings);
    });

    it('leaves out findings below minSeverity', async () => {
      const all = (await h.call('security_report', { snapshotId: before, format: 'json' }, 'viewer')).output as { findings: number };
      const high = (await h.call('security_report', { snapshotId: before, format: 'json', minSeverity: 'critical' }, 'viewer')).output as {
        findings: number;
      };
      expect(high.findings).toBeLessThan(all.findings);
    });

    it('answers E_NOT_FOUND for an unknown snapshot', async () => {
      await expect(h.call('security_report', { snapshotId: 'nope' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('shows new and fixed findings between two scans', async () => {
      const { output } = await h.call('security_compare_scans', { from: before, to: after }, 'viewer');
      const o = output as { worse: boolean; newFindings: Array<{ ruleId: string }>; fixedFindings: Array<{ ruleId: string }> };
      expect(o.worse).toBe(true);
      expect(o.newFindings.map((f) => f.ruleId)).toEqual(['sast/js-command-injection']);
      expect(o.fixedFindings.map((f) => f.ruleId)).toEqual(['sast/js-eval']);
    });

    it('answers E_VALIDATION for a missing snapshot id', async () => {
      await expect(h.call('security_compare_scans', { from: before }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('is denied without crawler:read', async () => {
      await expect(h.call('security_compare_scans', { from: before, to: after }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });
});
