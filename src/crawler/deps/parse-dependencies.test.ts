import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDependencyFile, parseDependencies } from './parse-dependencies.js';
import type { Dependency } from './types.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/deps');

function load(dir: string): Dependency[] {
  const files = readdirSync(join(FIXTURES, dir)).map((f) => ({
    path: `${dir}/${f}`,
    content: readFileSync(join(FIXTURES, dir, f), 'utf8'),
  }));
  return parseDependencies(files);
}

/** name@version → direct/dev flags, for compact assertions. */
function summary(deps: Dependency[]): Record<string, string> {
  return Object.fromEntries(
    deps.map((d) => [`${d.name}@${d.version ?? d.spec ?? '*'}`, `${d.direct ? 'direct' : 'transitive'}${d.dev ? ',dev' : ''}`]),
  );
}

describe('parseDependencies', () => {
  it('reads package-lock v3 with aliases, nested copies and links', () => {
    expect(summary(load('npm-v3'))).toEqual({
      'ansi-regex@5.0.1': 'transitive',
      'lodash@4.17.15': 'direct',
      'minimist@1.2.5': 'transitive',
      'minimist@1.2.0': 'transitive',
      'mkdirp@0.5.5': 'direct',
      'string-width@4.2.3': 'direct',
      'typescript@5.3.3': 'direct,dev',
    });
  });

  it('reads package-lock v2 from its packages section', () => {
    expect(load('npm-v2').map((d) => `${d.name}@${d.version}`)).toContain('mkdirp@0.5.5');
    expect(load('npm-v2')).toHaveLength(7);
  });

  it('guesses direct dependencies of a v1 lockfile without package.json from its requires', () => {
    expect(summary(load('npm-v1'))).toEqual({
      'minimist@1.2.5': 'transitive',
      'mkdirp@0.5.5': 'direct',
      'mocha@8.4.0': 'direct,dev',
      'debug@4.3.1': 'transitive,dev',
      'lodash@4.17.20': 'direct',
    });
  });

  it('points each dependency at the line of its lockfile entry', () => {
    const lodash = load('npm-v3').find((d) => d.name === 'lodash');
    expect(lodash).toMatchObject({ file: 'npm-v3/package-lock.json', line: 35, spec: '^4.17.15' });
  });

  it.each(['pnpm-v5', 'pnpm-v6'])('reads %s lockfiles with peer suffixes', (dir) => {
    expect(summary(load(dir))).toEqual({
      '@babel/core@7.20.2': 'direct',
      'debug@4.3.4': 'transitive',
      'lodash@4.17.15': 'direct',
      'vitest@0.25.3': 'direct,dev',
    });
  });

  it('reads pnpm v9 importers, aliases and workspace links', () => {
    expect(summary(load('pnpm-v9'))).toEqual({
      'ansi-regex@5.0.1': 'transitive',
      'lodash@4.17.15': 'direct',
      'string-width@4.2.3': 'direct',
      'vitest@0.25.3': 'direct,dev',
    });
  });

  it.each(['yarn-classic', 'yarn-berry'])('reads %s lockfiles, with directness from package.json', (dir) => {
    expect(summary(load(dir))).toEqual({
      '@babel/code-frame@7.12.13': 'direct',
      '@babel/highlight@7.13.10': 'transitive',
      'jest@26.6.3': 'direct,dev',
      'lodash@4.17.20': 'direct',
    });
  });

  it('reads requirements.txt pins, ranges, continuations and markers', () => {
    const deps = load('python-requirements');
    expect(summary(deps)).toEqual({
      'Jinja2@2.10': 'direct',
      'requests@>=2.20,<3': 'direct',
      'urllib3@1.24.1': 'direct',
      'Django@3.2.4': 'direct',
      'numpy@*': 'direct',
      'pyyaml@==5.*': 'direct',
    });
    expect(deps.find((d) => d.name === 'Django')?.line).toBe(8);
  });

  it('reads PEP 621 dependencies, optional dependencies and dependency groups', () => {
    expect(summary(load('python-pep621'))).toEqual({
      'Flask@2.2.2': 'direct',
      'pydantic@>=2,<3': 'direct',
      'zope.interface@~= 5.4': 'direct',
      'openpyxl@3.1.2': 'direct',
      'pytest@7.4.0': 'direct,dev',
      'ruff@>=0.1': 'direct,dev',
    });
  });

  it('reads poetry.lock with directness from the Poetry sections of pyproject.toml', () => {
    expect(summary(load('python-poetry'))).toEqual({
      'asgiref@3.7.2': 'transitive',
      'django@3.2.4': 'direct',
      'pytest@7.4.0': 'direct,dev',
      'requests@2.25.1': 'direct',
      'sqlparse@0.4.1': 'transitive',
    });
  });

  it('reads go.mod with indirect markers and replace directives, ignoring go.sum beside it', () => {
    expect(summary(load('go'))).toEqual({
      'github.com/gin-gonic/gin@v1.7.0': 'direct',
      'golang.org/x/text@v0.3.6': 'direct',
      'github.com/go-playground/validator/v10@v10.4.1': 'transitive',
      'golang.org/x/crypto@v0.0.0-20201216223049-8b5274cf687f': 'transitive',
      'github.com/gogo/protobuf@v1.3.1+incompatible': 'transitive',
    });
  });

  it('reads go.sum alone, taking the highest version of each module', () => {
    const content = readFileSync(join(FIXTURES, 'go/go.sum'), 'utf8');
    expect(summary(parseDependencies([{ path: 'go.sum', content }]))).toEqual({
      'github.com/gin-gonic/gin@v1.7.0': 'transitive',
      'github.com/go-playground/validator/v10@v10.4.1': 'transitive',
      'golang.org/x/crypto@v0.0.0-20201216223049-8b5274cf687f': 'transitive',
      'golang.org/x/text@v0.3.6': 'transitive',
    });
  });

  it('reads Cargo.lock registry crates, direct when a local crate names them', () => {
    expect(summary(load('cargo'))).toEqual({
      'libc@0.2.80': 'direct',
      'serde@1.0.118': 'direct',
      'serde_json@1.0.60': 'direct',
      'smallvec@1.6.0': 'direct',
      'time@0.1.43': 'direct',
      'winapi@0.3.9': 'transitive',
    });
  });

  it('reads Cargo.toml alone with caret ranges, exact pins and renames', () => {
    const content = readFileSync(join(FIXTURES, 'cargo/Cargo.toml'), 'utf8');
    expect(summary(parseDependencies([{ path: 'Cargo.toml', content }]))).toEqual({
      'smallvec@1.6.0': 'direct',
      'serde@1.0': 'direct',
      'time@0.1.43': 'direct',
      'serde_json@1': 'direct',
      'proptest@1': 'direct,dev',
      'libc@0.2': 'direct',
    });
  });

  it('reads pom.xml with properties, parent coordinates, managed versions and ranges', () => {
    const deps = load('maven');
    expect(summary(deps)).toEqual({
      'org.apache.logging.log4j:log4j-core@2.14.1': 'direct',
      'com.fasterxml.jackson.core:jackson-databind@2.9.8': 'direct',
      'com.google.guava:guava@29.0-jre': 'direct',
      'com.acme:orders-api@3.1.0': 'direct',
      'junit:junit@[4.12,5.0)': 'direct,dev',
    });
    expect(deps[0]?.line).toBe(30);
  });

  it('reads Gemfile.lock registry gems without platform suffixes', () => {
    expect(summary(load('ruby'))).toEqual({
      'mini_portile2@2.7.1': 'transitive',
      'nokogiri@1.13.1': 'direct',
      'racc@1.6.0': 'transitive',
      'rack@2.2.3': 'direct',
      'rails-html-sanitizer@1.4.2': 'transitive',
    });
  });

  it('ignores files that are not manifests or lockfiles', () => {
    expect(parseDependencies([{ path: 'README.md', content: '# hi' }])).toEqual([]);
    expect(isDependencyFile('sub/requirements-dev.txt')).toBe(true);
    expect(isDependencyFile('src/index.ts')).toBe(false);
  });

  it('returns nothing for malformed files instead of throwing', () => {
    for (const path of ['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'Cargo.lock', 'pyproject.toml', 'pom.xml'])
      expect(parseDependencies([{ path, content: '{{{ not valid' }])).toEqual([]);
  });
});
