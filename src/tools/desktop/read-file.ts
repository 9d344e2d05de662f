/**
 * desktop_read_file: one file as text (encoding detected) or base64 (binary), whole up to desktop.maxReadBytes,
 * or a line window (`offset`/`length`, negative offset = from the end) that also works on larger files.
 */
import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { PathGuard } from '../../security/path-guard.js';
import type { DesktopContext } from './deps.js';
import { isoTime, sha256 } from './file-facts.js';
import { type LineWindow, windowBackward, windowForward, windowOfText } from './read-window.js';
import { pathInput, sha256Hex } from './schemas.js';
import { type ContentEncoding, decodeBytes, detectEncoding } from './text-encoding.js';

/** Encodings a caller may ask for; `auto` detects. */
export const encodingInput = z
  .enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'latin1', 'base64'])
  .default('auto')
  .describe('auto detects (BOM, UTF-16, UTF-8, Latin-1; binary files come back as base64)');

const contentEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'base64']);

/** The read result of one file. */
export const fileContent = z.object({
  path: z.string().describe('Real absolute path read'),
  content: z.string(),
  encoding: contentEncoding.describe('How `content` is encoded; base64 = raw bytes of a binary file'),
  sizeBytes: z.number().int(),
  modifiedAt: z.string(),
  sha256: sha256Hex.optional().describe('Of the whole file; present when the file was read whole (pass to write/edit as expectedHash)'),
  startLine: z.number().int().optional().describe('1-based first line returned'),
  lineCount: z.number().int().optional(),
  totalLines: z.number().int().optional(),
  truncated: z.boolean().describe('Fewer lines than asked because of the byte cap'),
});
export type FileContent = z.infer<typeof fileContent>;

export interface ReadRequest {
  path: string;
  encoding: z.infer<typeof encodingInput>;
  offset?: number | undefined;
  length?: number | undefined;
  maxBytes: number;
}

/** Read one file through the guard (shared by read_file and read_multiple_files). */
export async function readOne(files: PathGuard, req: ReadRequest): Promise<FileContent> {
  const handle = await files.openForRead(req.path);
  try {
    const st = await handle.stat();
    const real = await files.resolve(req.path);
    const ranged = req.offset !== undefined || req.length !== undefined;
    const window = { offset: req.offset ?? 0, length: req.length ?? Number.MAX_SAFE_INTEGER, maxBytes: req.maxBytes };
    const base = { path: real, sizeBytes: st.size, modifiedAt: isoTime(st.mtimeMs) };
    if (st.size <= req.maxBytes) {
      const bytes = await readPrefix(handle, st.size);
      const { encoding, body } = pick(bytes, req.encoding);
      if (encoding === 'base64') {
        if (ranged) throw new AppError('E_VALIDATION', `"${req.path}" is binary; read it whole (without offset/length).`);
        return { ...base, content: decodeBytes(body, 'base64'), encoding, sha256: sha256(bytes), truncated: false };
      }
      const text = decodeBytes(body, encoding);
      if (!ranged) return { ...base, content: text, encoding, sha256: sha256(bytes), truncated: false };
      return { ...base, ...windowed(windowOfText(text, window)), encoding, sha256: sha256(bytes) };
    }
    if (!ranged) {
      throw new AppError(
        'E_PAYLOAD_TOO_LARGE',
        `"${req.path}" is ${st.size} bytes; desktop_read_file returns at most ${req.maxBytes} bytes whole. Read a line window with offset/length (a negative offset counts from the end).`,
      );
    }
    const head = Buffer.alloc(Math.min(st.size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const { encoding } = pick(head, req.encoding);
    if (encoding !== 'utf-8' && encoding !== 'latin1') {
      throw new AppError(
        'E_PAYLOAD_TOO_LARGE',
        `"${req.path}" is ${st.size} bytes of ${encoding}; line windows of large files need UTF-8 or Latin-1.`,
      );
    }
    const decode = (b: Buffer) => decodeBytes(b, encoding);
    const result = window.offset < 0 ? await windowBackward(handle, st.size, window, decode) : await windowForward(handle, window, decode);
    return { ...base, ...windowed(result), encoding };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Read the first `size` bytes (fewer if the file shrank since fstat; never more if it grew). */
async function readPrefix(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function windowed(w: LineWindow) {
  return {
    content: w.text,
    ...(w.startLine !== undefined ? { startLine: w.startLine } : {}),
    lineCount: w.lineCount,
    ...(w.totalLines !== undefined ? { totalLines: w.totalLines } : {}),
    truncated: w.truncated,
  };
}

/** The encoding to use and the bytes without a byte-order mark. */
function pick(bytes: Buffer, requested: ReadRequest['encoding']): { encoding: ContentEncoding; body: Buffer } {
  const detected = detectEncoding(bytes);
  if (requested === 'auto') return { encoding: detected.encoding, body: bytes.subarray(detected.bomBytes) };
  const bom = detected.encoding === requested ? detected.bomBytes : 0;
  return { encoding: requested, body: bytes.subarray(bom) };
}

/** One-line summary shown above the content. */
export function describeRead(o: FileContent): string {
  const lines =
    o.lineCount !== undefined
      ? `, lines ${o.startLine ?? '?'}–${(o.startLine ?? 0) + o.lineCount - 1}${o.totalLines !== undefined ? ` of ${o.totalLines}` : ''}`
      : '';
  return `${o.path} (${o.sizeBytes} bytes, ${o.encoding}${lines}${o.truncated ? ', truncated' : ''})`;
}

/** desktop_read_file. */
export function readFileOp(ctx: DesktopContext): Operation {
  return defineOperation({
    name: 'desktop_read_file',
    title: 'Read a file',
    description:
      `Read a file inside the allowed roots. Text comes back decoded (encoding detected), binary files as base64. Whole files up to ${ctx.settings.maxReadBytes} bytes; ` +
      'for a part or a larger file give offset (0-based line; negative = lines from the end, e.g. -50 for the last 50) and/or length (lines). ' +
      'Returns sha256 of the whole file when read whole: pass it to desktop_write_file/desktop_edit_file as expectedHash.',
    input: z.object({
      path: pathInput,
      offset: z.number().int().min(-1_000_000).max(100_000_000).optional().describe('First line, 0-based; negative = from the end'),
      length: z.number().int().min(1).max(1_000_000).optional().describe('Most lines to return'),
      encoding: encodingInput,
    }),
    output: fileContent,
    permission: 'desktop:read',
    effects: 'read',
    example: { path: 'notes/todo.md', offset: -50 },
    render: (o) => `${describeRead(o)}\n${o.content}`,
    run: async (input) => readOne(ctx.files, { ...input, maxBytes: ctx.settings.maxReadBytes }),
  });
}
