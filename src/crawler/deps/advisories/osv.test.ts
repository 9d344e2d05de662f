import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsvFiles } from './osv.js';

const OSV = join(import.meta.dirname, '../../../../test/fixtures/osv');
const read = (dir: string) =>
  readdirSync(join(OSV, dir)).map((f) => ({ path: `${dir}/${f}`, content: readFileSync(join(OSV, dir, f), 'utf8') }));

describe('parseOsvFiles', () => {
  it('reads single advisories and osv.dev query results', () => {
    const { advisories, problems } = parseOsvFiles(read('advisories'));
    expect(problems).toEqual([]);
    expect(advisories.map((a) => a.id)).toContain('GHSA-c2qf-rxjj-qqgw');
    expect(advisories).toHaveLength(16);
  });

  it('takes severity from the database rating, else from the CVSS vector', () => {
    const { advisories } = parseOsvFiles(read('advisories'));
    const byId = new Map(advisories.map((a) => [a.id, a]));
    expect(byId.get('GHSA-p6mc-m468-83gw')?.severity).toBe('high');
    expect(byId.get('GHSA-xpfp-f569-q3p2')).toMatchObject({ severity: 'critical', cvssScore: 9.8 });
    expect(byId.get('GO-2021-0113')?.severity).toBe('medium');
  });

  it('normalises PyPI package names for lookup', () => {
    const { advisories } = parseOsvFiles(read('advisories'));
    expect(advisories.find((a) => a.id === 'GHSA-xpfp-f569-q3p2')?.affected[0]?.name).toBe('django');
  });

  it('reports invalid files with the reason and keeps going', () => {
    const { advisories, problems } = parseOsvFiles(read('invalid'));
    expect(advisories).toEqual([]);
    expect(problems.map((p) => p.path).sort()).toEqual(['invalid/garbage.json', 'invalid/missing-modified.json']);
    expect(problems.find((p) => p.path.endsWith('missing-modified.json'))?.message).toMatch(/modified/);
  });
});
