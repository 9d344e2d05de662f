import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { supplyChainSchema } from '../../core/config/supply-chain.js';
import { verifyLockfileText } from './verify-lockfile.js';

const TRUSTED = supplyChainSchema.parse({}).trustedHosts;
const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8');
const verify = (dir: string, name: string, manifest?: Record<string, unknown>) =>
  verifyLockfileText(name, fixture(`${dir}/${name}`), TRUSTED, manifest);
const rules = (o: ReturnType<typeof verify>) => o.issues.map((i) => `${i.rule}:${i.package ?? ''}`);

describe('verifyLockfileText', () => {
  it('passes a lockfile with sha512 integrity from the npm registry', () => {
    expect(verify('supply-chain/app', 'package-lock.json')).toMatchObject({
      ok: true,
      format: 'npm',
      lockfileVersion: '3',
      packages: 7,
      issues: [],
    });
  });

  it('passes a Yarn classic lockfile', () => {
    expect(verify('deps/yarn-classic', 'yarn.lock')).toMatchObject({ ok: true, format: 'yarn-classic' });
  });

  it('passes a Yarn Berry lockfile by its checksums', () => {
    expect(verify('deps/yarn-berry', 'yarn.lock')).toMatchObject({ ok: true, format: 'yarn-berry' });
  });

  it('passes a pnpm v9 lockfile', () => {
    expect(verify('deps/pnpm-v9', 'pnpm-lock.yaml')).toMatchObject({ ok: true, format: 'pnpm', lockfileVersion: '9.0', packages: 4 });
  });

  it('flags a package without integrity', () => {
    const o = verify('supply-chain/bad/missing-integrity', 'package-lock.json');
    expect(o.ok).toBe(false);
    expect(rules(o)).toEqual(['missing-integrity:lodash']);
  });

  it('flags git sources in a v1 lockfile', () => {
    const o = verify('supply-chain/bad/git-sources', 'package-lock.json');
    expect(rules(o)).toEqual(['git-source:forked-lib', 'git-source:shorthand']);
    expect(o.issues[0]?.line).toBe(6);
  });

  it('flags a plain-http download without integrity in yarn.lock', () => {
    expect(rules(verify('supply-chain/bad/http-yarn', 'yarn.lock'))).toEqual(['insecure-url:left-pad', 'missing-integrity:left-pad']);
  });

  it('flags sha1-only integrity', () => {
    expect(rules(verify('supply-chain/bad/weak-sha1', 'package-lock.json'))).toEqual(['weak-integrity:left-pad']);
  });

  it('flags a tarball from an untrusted host in pnpm-lock.yaml', () => {
    expect(rules(verify('supply-chain/bad/untrusted-pnpm', 'pnpm-lock.yaml'))).toEqual(['untrusted-host:tiny', 'missing-integrity:tiny']);
  });

  it('reports a lockfile that is not JSON', () => {
    expect(verify('supply-chain/bad/corrupt', 'package-lock.json')).toMatchObject({
      ok: false,
      issues: [{ rule: 'invalid-lockfile', severity: 'critical' }],
    });
  });

  it('flags a package.json requirement the lockfile does not lock', () => {
    const manifest = JSON.parse(fixture('supply-chain/bad/drift/package.json'));
    expect(rules(verify('supply-chain/bad/drift', 'package-lock.json', manifest))).toEqual(['manifest-drift:express']);
  });

  it('refuses a file that is not a lockfile', () => {
    expect(() => verifyLockfileText('package.json', '{}', TRUSTED)).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });
});
