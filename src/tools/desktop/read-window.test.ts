import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { windowBackward, windowForward, windowOfText } from './read-window.js';

const dir = mkdtempSync(join(tmpdir(), 'ce-window-'));
let handle: FileHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decode = (b: Buffer) => b.toString('utf8');
async function file(content: string): Promise<{ h: FileHandle; size: number }> {
  const path = join(dir, `f${Math.floor(performance.now() * 1000)}`);
  writeFileSync(path, content);
  handle = await open(path, 'r');
  return { h: handle, size: Buffer.byteLength(content) };
}
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
const all = { length: Number.MAX_SAFE_INTEGER, maxBytes: 1 << 20 };

describe('line windows', () => {
  it('slices decoded text and keeps line endings', () => {
    expect(windowOfText('a\r\nb\nc', { offset: 1, length: 5, maxBytes: 100 })).toEqual({
      text: 'b\nc',
      startLine: 2,
      lineCount: 2,
      totalLines: 3,
      truncated: false,
    });
  });

  it('reads forward across chunk boundaries and learns the total at the end', async () => {
    const { h } = await file(numbered(20_000));
    expect(await windowForward(h, { offset: 19_998, ...all }, decode)).toEqual({
      text: 'line 19999\nline 20000\n',
      startLine: 19_999,
      lineCount: 2,
      totalLines: 20_000,
      truncated: false,
    });
  });

  it('returns nothing past the end', async () => {
    const { h } = await file(numbered(3));
    expect(await windowForward(h, { offset: 10, ...all }, decode)).toMatchObject({ text: '', lineCount: 0 });
  });

  it('reads the last lines backwards, with or without a final newline', async () => {
    const a = await file(numbered(20_000));
    expect((await windowBackward(a.h, a.size, { offset: -2, ...all }, decode)).text).toBe('line 19999\nline 20000\n');
    await handle?.close();
    const b = await file('x\ny\nz');
    expect(await windowBackward(b.h, b.size, { offset: -2, ...all }, decode)).toEqual({
      text: 'y\nz',
      startLine: 2,
      totalLines: 3,
      lineCount: 2,
      truncated: false,
    });
  });

  it('returns the whole file when it has fewer lines than asked', async () => {
    const { h, size } = await file('only\n');
    expect(await windowBackward(h, size, { offset: -10, ...all }, decode)).toMatchObject({ text: 'only\n', startLine: 1 });
  });

  it('stops at the byte cap in both directions', async () => {
    const { h, size } = await file(numbered(1000));
    expect(await windowForward(h, { offset: 0, length: 1000, maxBytes: 30 }, decode)).toMatchObject({ truncated: true, lineCount: 4 });
    const back = await windowBackward(h, size, { offset: -1000, length: 1000, maxBytes: 30 }, decode);
    expect(back.truncated).toBe(true);
    expect(back.text.endsWith('line 1000\n')).toBe(true);
  });
});
