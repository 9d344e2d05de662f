import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanToolsHarness, type ScanToolsHarness } from '../../../test/helpers/scan-tools.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { isAppError } from '../../core/errors.js';
import { crawlerToolServer } from './index.js';
import { createScanJobs, type ScanJobs } from './scan-jobs.js';
import type { ScanJobView } from './schemas.js';

// Built from pieces so this file holds no literal token.
const TOKEN = ['gh', 'p_'].join('') + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const WEAK_HASH =
  'import { createHash } from "node:crypto";\nexport const hashPassword = (password) => createHash("md5").update(password).digest("hex");\n';
const code = (e: unknown) => (isAppError(e) ? e.code : String(e));

describe('crawler tool server', () => {
  let h: ScanToolsHarness;
  let jobs: ScanJobs;
  let repo: string;

  const scanned = async (path: string, analyses?: string[]) => {
    const started = (await h.call('crawler_scan', { path, ...(analyses ? { analyses } : {}) })).output as ScanJobView;
    return jobs.settled(started.jobId);
  };

  beforeAll(async () => {
    h = await createScanToolsHarness((parts) => {
      jobs = createScanJobs({ crawler: parts.crawler, clock: systemClock, ids: systemIds });
      return [crawlerToolServer({ crawler: parts.crawler, files: parts.files, jobs })];
    });
    repo = h.tree('repo', {
      'src/app.js': 'export function run(input) {\n  return eval(input);\n}\n',
      'config.env': `TOKEN=${TOKEN}\n`,
    });
    h.git(repo, 'init', '-q');
    h.git(repo, 'add', '.');
    h.git(repo, 'commit', '-q', '-m', 'first');
  });
  afterAll(async () => {
    await jobs.close();
    await h.cleanup();
  });

  describe('crawler_scan', () => {
    it('returns a running job at once', async () => {
      const { output } = await h.call('crawler_scan', { path: 'repo' });
      expect(output).toMatchObject({ status: 'running', root: repo, startedBy: 'operator-user' });
      await jobs.settled((output as ScanJobView).jobId);
    });

    it('stores a snapshot with the findings when the job succeeds', async () => {
      const job = await scanned('repo');
      expect(job).toMatchObject({ status: 'succeeded', snapshotId: expect.any(String), findingCount: 2 });
      expect(job.progress?.filesDone).toBe(2);
    });

    it('runs only the chosen analyses', async () => {
      const job = await scanned('repo', ['secrets']);
      expect(job.findingCount).toBe(1);
    });

    it('refuses a path outside the file roots', async () => {
      await expect(h.call('crawler_scan', { path: '/etc' })).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
    });

    it('answers E_NOT_FOUND for a missing directory', async () => {
      await expect(h.call('crawler_scan', { path: 'nope' })).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('answers E_VALIDATION for a file', async () => {
      await expect(h.call('crawler_scan', { path: 'repo/config.env' })).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('answers E_VALIDATION for an unknown analysis', async () => {
      await expect(h.call('crawler_scan', { path: 'repo', analyses: ['astrology'] })).rejects.toSatisfy((e) => code(e) === 'E_VALIDATION');
    });

    it('is denied without crawler:scan', async () => {
      await expect(h.call('crawler_scan', { path: 'repo' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
    });
  });

  describe('job status and listing', () => {
    it('reports a finished job by id', async () => {
      const job = await scanned('repo');
      const { output, text } = await h.call('crawler_scan_status', { jobId: job.jobId }, 'viewer');
      expect(output).toMatchObject({ jobId: job.jobId, status: 'succeeded', snapshotId: job.snapshotId });
      expect(text).toContain('succeeded');
    });

    it('answers E_NOT_FOUND for an unknown job', async () => {
      await expect(h.call('crawler_scan_status', { jobId: 'nope' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('lists jobs filtered by status', async () => {
      const { output } = await h.call('crawler_list_jobs', { status: 'succeeded' }, 'viewer');
      const listed = (output as { jobs: ScanJobView[] }).jobs;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((j) => j.status === 'succeeded')).toBe(true);
    });

    it('returns a finished job unchanged on cancel', async () => {
      const job = await scanned('repo');
      const { output } = await h.call('crawler_cancel_scan', { jobId: job.jobId });
      expect(output).toMatchObject({ status: 'succeeded' });
    });

    it('denies status without crawler:read', async () => {
      await expect(h.call('crawler_list_jobs', {}, 'monitoring_service')).rejects.toSatisfy((e) => code(e) === 'E_FORBIDDEN');
    });
  });

  describe('stored scans', () => {
    let older: string;
    let newer: string;

    beforeAll(async () => {
      older = (await scanned('repo')).snapshotId as string;
      h.tree('repo', { 'src/more.js': WEAK_HASH });
      newer = (await scanned('repo')).snapshotId as string;
    });

    it('lists snapshots of a root, newest first', async () => {
      const { output } = await h.call('crawler_list_scans', { root: repo, limit: 2 }, 'viewer');
      expect((output as { snapshots: Array<{ id: string }> }).snapshots.map((s) => s.id)).toEqual([newer, older]);
    });

    it('renders a report as SARIF', async () => {
      const { output } = await h.call('crawler_report', { snapshotId: older, format: 'sarif' }, 'viewer');
      const report = output as { content: string; mediaType: string; findings: number };
      expect(report.mediaType).toBe('application/sarif+json');
      expect(JSON.parse(report.content).runs[0].results).toHaveLength(report.findings);
    });

    it('renders a report as Markdown by default, as its text', async () => {
      const { output, text } = await h.call('crawler_report', { snapshotId: older }, 'viewer');
      expect((output as { format: string }).format).toBe('md');
      expect(text).toMatch(/^#/);
    });

    it('answers E_NOT_FOUND for an unknown snapshot', async () => {
      await expect(h.call('crawler_report', { snapshotId: 'nope' }, 'viewer')).rejects.toSatisfy((e) => code(e) === 'E_NOT_FOUND');
    });

    it('answers E_VALIDATION for an unknown format', async () => {
      await expect(h.call('crawler_report', { snapshotId: older, format: 'pdf' }, 'viewer')).rejects.toSatisfy(
        (e) => code(e) === 'E_VALIDATION',
      );
    });

    it('diffs two snapshots', async () => {
      const { output } = await h.call('crawler_diff', { from: older, to: newer }, 'viewer');
      expect(output).toMatchObject({ files: { added: ['src/more.js'] } });
      expect((output as { findings: { new: Array<{ ruleId: string }> } }).findings.new.map((f) => f.ruleId)).toEqual(['sast/js-weak-hash']);
    });

    it('pages findings filtered by kind', async () => {
      const { output } = await h.call('crawler_findings', { snapshotId: newer, kind: 'sast', limit: 1 }, 'viewer');
      expect(output).toMatchObject({ total: 2, findings: [expect.objectContaining({ kind: 'sast' })] });
    });

    it('denies reports without crawler:read', async () => {
      await expect(h.call('crawler_report', { snapshotId: older }, 'monitoring_service')).rejects.toSatisfy(
        (e) => code(e) === 'E_FORBIDDEN',
      );
    });
  });
});
