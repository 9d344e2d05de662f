import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingSchema } from '../findings.js';
import { createMemoryAdvisoryStore } from './advisories/advisory-store.js';
import { matchAdvisories } from './match-advisories.js';
import { parseDependencies } from './parse-dependencies.js';
import type { Dependency } from './types.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');
const store = createMemoryAdvisoryStore();
let deps: Dependency[];

beforeAll(async () => {
  const osv = join(FIXTURES, 'osv/advisories');
  await store.import(readdirSync(osv).map((f) => ({ path: f, content: readFileSync(join(osv, f), 'utf8') })));
  const files: Array<{ path: string; content: string }> = [];
  for (const dir of readdirSync(join(FIXTURES, 'deps')))
    for (const f of readdirSync(join(FIXTURES, 'deps', dir)))
      files.push({ path: `${dir}/${f}`, content: readFileSync(join(FIXTURES, 'deps', dir, f), 'utf8') });
  deps = parseDependencies(files);
});

const hits = async (only: (d: Dependency) => boolean) =>
  (await matchAdvisories(deps.filter(only), store)).map((f) => `${f.file} ${f.match} ${f.metadata?.advisory}`).sort();

describe('matchAdvisories', () => {
  it('finds vulnerable npm packages in a lockfile, transitive ones included', async () => {
    expect(await hits((d) => d.file.startsWith('npm-v3/'))).toEqual([
      'npm-v3/package-lock.json lodash@4.17.15 GHSA-35jh-r3h4-6jhm',
      'npm-v3/package-lock.json lodash@4.17.15 GHSA-p6mc-m468-83gw',
      'npm-v3/package-lock.json minimist@1.2.0 GHSA-xvch-5gv4-984h',
      'npm-v3/package-lock.json minimist@1.2.5 GHSA-xvch-5gv4-984h',
    ]);
  });

  it('ignores withdrawn advisories', async () => {
    const found = await hits((d) => d.name === 'lodash');
    expect(found.some((h) => h.includes('GHSA-4xc9-xhrj-v574'))).toBe(false);
  });

  it('matches PyPI names case-insensitively, explicit version lists and PEP 440 ranges', async () => {
    expect(await hits((d) => d.file.startsWith('python-requirements/'))).toEqual([
      'python-requirements/requirements.txt Django@3.2.4 GHSA-xpfp-f569-q3p2',
      'python-requirements/requirements.txt Jinja2@2.10 GHSA-462w-v97r-4m45',
      'python-requirements/requirements.txt urllib3@1.24.1 PYSEC-2019-133',
    ]);
  });

  it('matches Go modules after replace directives', async () => {
    expect(await hits((d) => d.ecosystem === 'Go')).toEqual(['go/go.mod golang.org/x/text@v0.3.6 GO-2021-0113']);
  });

  it('orders Go pseudo-versions by their timestamp', async () => {
    const dep = (version: string): Dependency => ({ ecosystem: 'Go', name: 'golang.org/x/crypto', version, direct: false, file: 'go.mod' });
    expect(await matchAdvisories([dep('v0.0.0-20200622213623-75b288015ac9')], store)).toHaveLength(1);
    expect(await matchAdvisories([dep('v0.0.0-20201216223049-8b5274cf687f')], store)).toHaveLength(0);
  });

  it('matches crates, Maven artifacts with qualifier ordering, and gems with last_affected', async () => {
    expect(await hits((d) => ['crates.io', 'Maven', 'RubyGems'].includes(d.ecosystem))).toEqual([
      'cargo/Cargo.lock smallvec@1.6.0 RUSTSEC-2021-0003',
      'cargo/Cargo.lock time@0.1.43 RUSTSEC-2020-0071',
      'maven/pom.xml com.fasterxml.jackson.core:jackson-databind@2.9.8 GHSA-5ww9-j83m-q7qx',
      'maven/pom.xml org.apache.logging.log4j:log4j-core@2.14.1 GHSA-jfh8-c2jp-5v3q',
      'ruby/Gemfile.lock nokogiri@1.13.1 GHSA-fq42-c5rg-92c2',
      'ruby/Gemfile.lock rack@2.2.3 GHSA-wq4h-7r42-5hrr',
    ]);
  });

  it('produces valid findings with the fix version, CWE and the lockfile line', async () => {
    const [finding] = await matchAdvisories(
      deps.filter((d) => d.file === 'maven/pom.xml' && d.name.endsWith('log4j-core')),
      store,
    );
    expect(findingSchema.parse(finding)).toMatchObject({
      ruleId: 'vuln-dep/GHSA-jfh8-c2jp-5v3q',
      kind: 'vuln-dep',
      severity: 'critical',
      startLine: 30,
      cwe: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
      fix: 'Upgrade org.apache.logging.log4j:log4j-core to 2.15.0 or later.',
    });
    expect(finding?.message).toContain('CVE-2021-44228');
  });

  it('skips dependencies without an exact version', async () => {
    expect(
      await matchAdvisories([{ ecosystem: 'npm', name: 'lodash', spec: '^4.0.0', direct: true, file: 'package.json' }], store),
    ).toEqual([]);
  });

  it('keeps one finding per package version, file and advisory', async () => {
    const dep: Dependency = { ecosystem: 'npm', name: 'minimist', version: '1.2.5', direct: false, file: 'package-lock.json', line: 3 };
    expect(await matchAdvisories([dep, { ...dep, line: 9 }], store)).toHaveLength(1);
  });
});
