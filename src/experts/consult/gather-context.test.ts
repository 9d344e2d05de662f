import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import { createPathGuard } from '../../security/path-guard.js';
import { guardedFileReader } from '../prompt/file-context.js';
import { consultInput } from '../schemas.js';
import { FILE_MAX_BYTES, FILES_MAX_TOTAL_BYTES, gatherContext } from './gather-context.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ce-experts-ctx-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(root, name), content);
  return name;
};
const sources = { readFile: guardedFileReader(createPathGuard({ roots: [root] })) };
const signal = new AbortController().signal;
const gather = (context: Record<string, unknown>, from: Parameters<typeof gatherContext>[0] = sources) =>
  gatherContext(from, consultInput.parse({ question: 'Q?', context }), signal);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('gathering consult context', () => {
  it('attaches a file inside the roots whole', async () => {
    const name = write('small.ts', 'export const a = 1;\n');
    const { items, notes } = await gather({ files: [name] });
    expect(items).toEqual([{ name, kind: 'file', text: 'export const a = 1;\n' }]);
    expect(notes).toEqual([]);
  });

  it('keeps snippets first and files after them', async () => {
    const name = write('order.txt', 'file\n');
    const { items } = await gather({ snippets: [{ name: 'note', text: 'snippet' }], files: [name] });
    expect(items.map((i) => i.kind)).toEqual(['snippet', 'file']);
  });

  it('attaches the head of a file over the per-file cap, cut at a line break, and notes it', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const name = write('big.log', line.repeat(FILE_MAX_BYTES / 100 + 50));
    const { items, notes } = await gather({ files: [name] });
    expect(items[0]?.text.startsWith(line)).toBe(true);
    expect(items[0]?.text).toMatch(/\n\[… truncated: the file is 1005000 bytes, only the first 1000000 are attached\]$/);
    expect(notes).toEqual([`File "${name}" is 1.0 MB; only its first 1.0 MB were attached.`]);
  });

  it('leaves out files once the total cap is reached, with a note', async () => {
    const names = Array.from({ length: FILES_MAX_TOTAL_BYTES / FILE_MAX_BYTES + 1 }, (_, i) =>
      write(`part-${i}.txt`, 'y'.repeat(FILE_MAX_BYTES)),
    );
    const { items, notes } = await gather({ files: names });
    expect(items).toHaveLength(names.length - 1);
    expect(notes).toEqual([`File "${names.at(-1)}" was left out: attached files may hold 4.0 MB in total.`]);
  });

  it('refuses a binary file', async () => {
    const name = write('image.bin', new Uint8Array([0x89, 0x50, 0x00, 0x47]));
    expect(hasCode(await failure(gather({ files: [name] })), 'E_VALIDATION')).toBe(true);
  });

  it('refuses a path outside the roots', async () => {
    expect(hasCode(await failure(gather({ files: ['/etc/hostname'] })), 'E_FORBIDDEN')).toBe(true);
  });

  it('answers E_NOT_FOUND for a missing file', async () => {
    expect(hasCode(await failure(gather({ files: ['missing.txt'] })), 'E_NOT_FOUND')).toBe(true);
  });

  it('refuses files without a reader', async () => {
    expect(hasCode(await failure(gather({ files: ['a.txt'] }, {})), 'E_UNSUPPORTED')).toBe(true);
  });

  it('refuses a snapshot without the crawler hook', async () => {
    expect(hasCode(await failure(gather({ snapshotId: 's1' }, {})), 'E_UNSUPPORTED')).toBe(true);
  });

  it('appends the snapshot summary after files', async () => {
    const name = write('with-snapshot.txt', 'f\n');
    const snapshotContext = async (id: string) => [{ name: `snapshot:${id}`, kind: 'snapshot' as const, text: 'summary' }];
    const { items } = await gather({ files: [name], snapshotId: 's9' }, { ...sources, snapshotContext });
    expect(items.map((i) => i.name)).toEqual([name, 'snapshot:s9']);
  });
});
