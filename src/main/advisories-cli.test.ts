import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advisoriesCommands } from '../adapters/cli/advisories.js';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { createAdvisoriesCliHandlers } from './advisories-cli.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';

const OSV = join(import.meta.dirname, '../../test/fixtures/osv');
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-advisories-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: OSV, stdoutIsTty: false });

/** Run `code-engine <args>` in-process; returns the exit code and what was printed. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string; errorCode?: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [advisoriesCommands(createAdvisoriesCliHandlers(proc()))]);
  let code = 0;
  let errorCode: string | undefined;
  try {
    await program.parseAsync([...args, '--data-dir', dataDir, '--log-level', 'silent'], { from: 'user' });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
    errorCode = (e as { code?: string }).code;
  }
  return { code, out: out.join('\n'), err: err.join('\n'), ...(errorCode ? { errorCode } : {}) };
}

describe('advisories import', () => {
  it('imports a directory of OSV files relative to the working directory', async () => {
    const res = await run(['advisories', 'import', 'advisories']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^Imported 16 new and 0 updated advisories \(0 unchanged\) from 16 file\(s\) into sqlite /);
  });

  it('counts advisories imported again as unchanged', async () => {
    await run(['advisories', 'import', 'advisories']);
    const res = await run(['advisories', 'import', join(OSV, 'advisories/GHSA-jfh8-c2jp-5v3q.json'), '--json']);
    expect(JSON.parse(res.out)).toMatchObject({ added: 0, updated: 0, unchanged: 1, files: 1, problems: [] });
  });

  it('exits 1 and names each file when nothing valid was read', async () => {
    const res = await run(['advisories', 'import', 'invalid']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('skipped invalid/garbage.json: not JSON');
    expect(res.err).toContain('skipped invalid/missing-modified.json: not an OSV advisory');
  });

  it('fails with E_NOT_FOUND for a missing path', async () => {
    const res = await run(['advisories', 'import', 'no-such-dir']);
    expect(res.errorCode).toBe('E_NOT_FOUND');
    expect(res.err).toMatch(/no-such-dir: no such file or directory/);
  });
});

describe('advisories list', () => {
  it('lists stored advisories as a table', async () => {
    await run(['advisories', 'import', 'advisories']);
    const res = await run(['advisories', 'list', '--limit', '3']);
    expect(res.out.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+MODIFIED\s+PACKAGES\s+SUMMARY$/);
    expect(res.out).toContain('GHSA-35jh-r3h4-6jhm');
    expect(res.out).toContain('3 shown of 16 stored.');
  });

  it('filters by ecosystem and package as JSON', async () => {
    await run(['advisories', 'import', 'advisories']);
    const res = await run(['advisories', 'list', '--ecosystem', 'PyPI', '--package', 'Django', '--json']);
    expect(JSON.parse(res.out).advisories).toEqual([expect.objectContaining({ id: 'GHSA-xpfp-f569-q3p2', packages: ['PyPI/django'] })]);
  });

  it('says how to import when the store is empty', async () => {
    expect((await run(['advisories', 'list'])).out).toMatch(/No advisories stored/);
  });

  it('rejects a bad --limit with E_VALIDATION', async () => {
    expect((await run(['advisories', 'list', '--limit', 'lots'])).errorCode).toBe('E_VALIDATION');
  });
});
