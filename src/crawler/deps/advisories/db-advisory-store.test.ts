import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../../../test/helpers/pg.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { advisoryMigrations } from '../migrations.js';
import type { AdvisoryStore } from './advisory-store.js';
import { createMemoryAdvisoryStore } from './advisory-store.js';
import { createAdvisoryStore } from './db-advisory-store.js';

const OSV = join(import.meta.dirname, '../../../../test/fixtures/osv/advisories');
const files = readdirSync(OSV).map((f) => ({ path: f, content: readFileSync(join(OSV, f), 'utf8') }));
const clock = { now: () => Date.parse('2026-11-25T12:00:00Z'), monotonic: () => 0 };

const advisory = (modified: string, fixed: string) =>
  JSON.stringify({
    id: 'GHSA-test-0001',
    modified,
    summary: `fixed in ${fixed}`,
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
  });

type Backend = { name: string; open(): Promise<{ store: AdvisoryStore; close(): Promise<void> }> };

const backends: Backend[] = [
  { name: 'memory', open: async () => ({ store: createMemoryAdvisoryStore(), close: async () => {} }) },
  ...(await testDialects()).map((dialect) => ({
    name: dialect,
    async open() {
      const t: TestDatabase = await openTestDatabase(dialect);
      await migrateToLatest(t.db, advisoryMigrations);
      return { store: createAdvisoryStore(t.db, clock), close: () => t.cleanup() };
    },
  })),
];

describe.each(backends)('advisory store on $name', (backend) => {
  let store: AdvisoryStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await backend.open());
  });
  afterEach(async () => {
    await close();
  });

  it('imports every advisory of a directory of OSV files', async () => {
    const result = await store.import(files);
    expect(result).toMatchObject({ added: 16, updated: 0, unchanged: 0, problems: [] });
    expect(await store.count()).toBe(16);
  });

  it('leaves advisories alone when the same files are imported again', async () => {
    await store.import(files);
    expect(await store.import(files)).toMatchObject({ added: 0, updated: 0, unchanged: 16 });
  });

  it('replaces an advisory with a newer modified time, affected packages included', async () => {
    await store.import([{ path: 'a.json', content: advisory('2024-01-01T00:00:00Z', '1.0.1') }]);
    expect(await store.import([{ path: 'b.json', content: advisory('2024-02-01T00:00:00Z', '1.3.0') }])).toMatchObject({ updated: 1 });
    const [stored] = await store.forPackages([{ ecosystem: 'npm', name: 'left-pad' }]);
    expect(stored?.summary).toBe('fixed in 1.3.0');
    expect(stored?.affected).toHaveLength(1);
    expect(stored?.affected[0]?.ranges[0]?.events).toEqual([{ introduced: '0' }, { fixed: '1.3.0' }]);
  });

  it('keeps the newer stored copy when an older one is imported', async () => {
    await store.import([{ path: 'b.json', content: advisory('2024-02-01T00:00:00Z', '1.3.0') }]);
    expect(await store.import([{ path: 'a.json', content: advisory('2024-01-01T00:00:00Z', '1.0.1') }])).toMatchObject({ unchanged: 1 });
  });

  it('looks advisories up by ecosystem and normalised name', async () => {
    await store.import(files);
    const found = await store.forPackages([
      { ecosystem: 'PyPI', name: 'DJANGO' },
      { ecosystem: 'npm', name: 'lodash' },
    ]);
    expect(found.map((a) => a.id).sort()).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-4xc9-xhrj-v574',
      'GHSA-p6mc-m468-83gw',
      'GHSA-xpfp-f569-q3p2',
    ]);
  });

  it('round-trips every field of an advisory', async () => {
    await store.import(files);
    const [log4j] = await store.forPackages([{ ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }]);
    expect(log4j).toMatchObject({
      id: 'GHSA-jfh8-c2jp-5v3q',
      severity: 'critical',
      cvssScore: 10,
      aliases: ['CVE-2021-44228'],
      cwe: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
      references: ['https://github.com/advisories/GHSA-jfh8-c2jp-5v3q'],
    });
    expect(log4j?.affected[0]?.ranges).toHaveLength(3);
  });

  it('lists summaries filtered by ecosystem, with paging', async () => {
    await store.import(files);
    const npm = await store.list({ ecosystem: 'npm' });
    expect(npm.map((a) => a.id)).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-4xc9-xhrj-v574',
      'GHSA-c2qf-rxjj-qqgw',
      'GHSA-p6mc-m468-83gw',
      'GHSA-xvch-5gv4-984h',
    ]);
    expect(npm[1]).toMatchObject({ withdrawn: true, packages: ['npm/lodash'] });
    expect((await store.list({ limit: 2, offset: 1 })).map((a) => a.id)).toEqual(['GHSA-462w-v97r-4m45', 'GHSA-4xc9-xhrj-v574']);
  });

  it('reports invalid documents without importing them', async () => {
    const result = await store.import([{ path: 'bad.json', content: '{"id":"X"}' }]);
    expect(result.added).toBe(0);
    expect(result.problems).toEqual([{ path: 'bad.json', message: expect.stringMatching(/^not an OSV advisory/) }]);
  });
});
