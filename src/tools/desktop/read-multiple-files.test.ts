import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture, OUTSIDE_SECRET } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { maxReadBytes: 2048 } });
  writeFileSync(join(f.root, 'a.txt'), 'A');
  writeFileSync(join(f.root, 'b.txt'), 'B');
  writeFileSync(join(f.root, 'large.txt'), 'x'.repeat(1500));
});
afterAll(() => f.close());

type Out = { files: Array<{ requested: string; file?: { content: string }; error?: { code: string } }>; failed: number };
const readMany = async (paths: string[]) => (await f.call('desktop_read_multiple_files', { paths })).output as Out;

describe('desktop_read_multiple_files', () => {
  it('reads several files in order', async () => {
    const o = await readMany(['a.txt', 'b.txt']);
    expect(o.files.map((x) => x.file?.content)).toEqual(['A', 'B']);
    expect(o.failed).toBe(0);
  });

  it('reports a failing file without failing the others', async () => {
    const o = await readMany(['a.txt', 'missing.txt', '../outside/secret.txt', 'b.txt']);
    expect(o.files.map((x) => x.file?.content ?? x.error?.code)).toEqual(['A', 'E_NOT_FOUND', 'E_FORBIDDEN', 'B']);
    expect(o.failed).toBe(2);
    expect(JSON.stringify(o)).not.toContain(OUTSIDE_SECRET);
  });

  it('keeps the total under the read cap', async () => {
    const o = await readMany(['large.txt', 'large.txt']);
    expect(o.files[0]?.file).toBeDefined();
    expect(o.files[1]?.error?.code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('refuses an empty list with E_VALIDATION', async () => {
    expect((await f.fail('desktop_read_multiple_files', { paths: [] })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_read_multiple_files', { paths: ['a.txt'] }, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });
});
