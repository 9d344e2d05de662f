import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTree, SAMPLE, type TestTree } from '../../test/helpers/crawler-tree.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { crawlerSchema } from '../core/config/crawler.js';
import { systemClock, systemIds } from '../core/deps.js';
import { hasCode } from '../core/errors.js';
import { migrateToLatest } from '../db/migrate.js';
import { type CrawlerService, createCrawlerService } from './crawler-service.js';
import { fingerprintOf } from './findings.js';
import { crawlerMigrations } from './migrations.js';
import type { DependencyStage } from './scan/dependency-stage.js';

/** A stand-in dependency stage: every line "name@version" of deps.txt is a dependency; "evil" is vulnerable. */
const fakeDeps: DependencyStage = {
  isManifest: (p) => p === 'deps.txt',
  async analyze(files) {
    const deps = files.flatMap((f) =>
      f.content
        .split('\n')
        .filter(Boolean)
        .map((l, i) => {
          const [name = '', version] = l.split('@');
          return { ecosystem: 'npm', name, ...(version ? { version } : {}), direct: true, file: f.path, line: i + 1 };
        }),
    );
    const findings = deps
      .filter((d) => d.name === 'evil')
      .map((d) => ({
        ruleId: 'vuln-dep/TEST-1',
        kind: 'vuln-dep' as const,
        severity: 'high' as const,
        file: d.file,
        startLine: d.line,
        endLine: d.line,
        message: 'evil is vulnerable',
        fingerprint: fingerprintOf('vuln-dep/TEST-1', d.file, `${d.name}@${d.version}`),
      }));
    return { dependencies: deps, findings };
  },
};

describe.each(await testDialects())('crawler service on %s', (dialect) => {
  let db: TestDatabase;
  let tree: TestTree;
  let service: CrawlerService;

  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    await migrateToLatest(db.db, crawlerMigrations);
    service = createCrawlerService({
      db: db.db,
      clock: systemClock,
      ids: systemIds,
      config: crawlerSchema.parse({ workers: 0 }),
      version: 'test',
      dependencies: fakeDeps,
    });
    tree = createTestTree({ 'a.ts': SAMPLE.ts, 'b.py': SAMPLE.py, 'gone.go': SAMPLE.go, 'deps.txt': 'left-pad@1.0.0\n' });
  });
  afterAll(async () => {
    tree.cleanup();
    await db.cleanup();
  });

  it('stores a scan as a snapshot', async () => {
    const { snapshotId, report } = await service.scan({ root: tree.root });
    expect(snapshotId).toBeTruthy();
    expect(report.dependencies).toEqual([expect.objectContaining({ name: 'left-pad', version: '1.0.0' })]);
    const list = await service.list({ root: report.root });
    expect(list[0]).toMatchObject({ id: snapshotId, fileCount: 4, codeLines: report.totals.code });
  });

  it('serves every unchanged file from the cache on a rescan', async () => {
    const { report } = await service.scan({ root: tree.root });
    expect(report.totals.cachedFiles).toBe(report.totals.files);
  });

  it('shows a stored snapshot with its files', async () => {
    const [latest] = await service.list();
    const report = await service.show(latest?.id as string);
    expect(report.files.map((f) => f.path)).toEqual(['a.ts', 'b.py', 'deps.txt', 'gone.go']);
    expect(report.files[0]).toMatchObject({ functions: 1, maxComplexity: 2 });
  });

  it('diffs two snapshots: files, lines, findings and dependencies', async () => {
    const before = (await service.list())[0]?.id as string;
    tree.write('a.ts', `${SAMPLE.ts}export const more = 1;\n`);
    tree.write('c.ts', 'export const c = 1;\n');
    tree.write('deps.txt', 'left-pad@1.0.0\nevil@0.1.0\n');
    const { rmSync } = await import('node:fs');
    rmSync(`${tree.root}/gone.go`);
    const after = (await service.scan({ root: tree.root })).snapshotId as string;
    const diff = await service.diff(before, after);
    expect(diff.files.added).toEqual(['c.ts']);
    expect(diff.files.removed).toEqual(['gone.go']);
    expect(diff.files.changed.map((c) => [c.path, c.codeDelta])).toEqual([
      ['a.ts', 1],
      ['deps.txt', 0],
    ]);
    expect(diff.lines.codeDelta).toBe(1 + 1 - 5);
    expect(diff.findings.new.map((f) => f.ruleId)).toEqual(['vuln-dep/TEST-1']);
    expect(diff.dependencies.added.map((d) => d.name)).toEqual(['evil']);
  });

  it('lists findings of a snapshot filtered by severity', async () => {
    const latest = (await service.list())[0]?.id as string;
    expect(await service.findings(latest, { minSeverity: 'high' })).toHaveLength(1);
    expect(await service.findings(latest, { minSeverity: 'critical' })).toHaveLength(0);
  });

  it('suppresses baseline findings', async () => {
    const latest = (await service.list())[0]?.id as string;
    const known = await service.findings(latest);
    const { report } = await service.scan({
      root: tree.root,
      baseline: { file: 'b.json', fingerprints: new Set(known.map((f) => f.fingerprint)) },
    });
    expect(report.findings).toEqual([]);
    expect(report.baseline).toEqual({ file: 'b.json', suppressed: 1 });
  });

  it('answers E_NOT_FOUND for an unknown snapshot', async () => {
    await expect(service.show('nope')).rejects.toSatisfy((e) => hasCode(e, 'E_NOT_FOUND'));
  });
});
