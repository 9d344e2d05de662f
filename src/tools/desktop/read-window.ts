/**
 * Line windows of files: the whole text split into lines when it fits the read cap, and for larger 8-bit or UTF-8
 * files a forward scan (from line N) or a backward scan (the last N lines) that reads only what the window needs.
 */
import type { FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/** A slice of a file's lines. */
export interface LineWindow {
  text: string;
  /** 1-based number of the first line returned; absent for a tail of a file too large to count. */
  startLine?: number;
  lineCount: number;
  /** Lines in the whole file, when known. */
  totalLines?: number;
  /** The window stopped at the byte cap before `length` lines. */
  truncated: boolean;
}

export interface WindowRequest {
  /** 0-based first line; negative = that many lines from the end. */
  offset: number;
  /** Most lines returned. */
  length: number;
  /** Most bytes of text returned. */
  maxBytes: number;
}

/** Lines of `text` with their terminators kept (so joining them gives the text back). */
export function splitKeepingEnds(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** A window of already-decoded text. */
export function windowOfText(text: string, req: WindowRequest): LineWindow {
  const lines = splitKeepingEnds(text);
  const start = req.offset < 0 ? Math.max(0, lines.length + req.offset) : Math.min(req.offset, lines.length);
  const picked = capLines(lines.slice(start, start + req.length), req.maxBytes);
  return {
    text: picked.lines.join(''),
    startLine: start + 1,
    lineCount: picked.lines.length,
    totalLines: lines.length,
    truncated: picked.truncated,
  };
}

/** Forward scan from line `offset` (≥ 0) of a large file, decoding each line with `decode`. */
export async function windowForward(handle: FileHandle, req: WindowRequest, decode: (b: Buffer) => string): Promise<LineWindow> {
  const lines: string[] = [];
  let bytes = 0;
  let line = 0;
  let carry = Buffer.alloc(0);
  let position = 0;
  let eof = false;
  const buffer = Buffer.allocUnsafe(CHUNK);
  while (lines.length < req.length) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    position += bytesRead;
    eof = bytesRead === 0;
    let data = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
    let nl = data.indexOf(0x0a);
    while (nl >= 0 || (eof && data.length > 0)) {
      const end = nl >= 0 ? nl + 1 : data.length;
      if (line >= req.offset) {
        const text = decode(data.subarray(0, end));
        if (bytes + Buffer.byteLength(text) > req.maxBytes)
          return { text: lines.join(''), startLine: req.offset + 1, lineCount: lines.length, truncated: true };
        lines.push(text);
        bytes += Buffer.byteLength(text);
        if (lines.length >= req.length) break;
      }
      line++;
      data = data.subarray(end);
      nl = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
    if (eof) break;
    // A single line longer than the cap can never be returned whole.
    if (carry.length > req.maxBytes) return { text: lines.join(''), startLine: req.offset + 1, lineCount: lines.length, truncated: true };
  }
  return {
    text: lines.join(''),
    startLine: req.offset + 1,
    lineCount: lines.length,
    ...(eof ? { totalLines: line } : {}),
    truncated: false,
  };
}

/** Backward scan: the last `-offset` lines of a large file (then at most `length` of them). */
export async function windowBackward(
  handle: FileHandle,
  size: number,
  req: WindowRequest,
  decode: (b: Buffer) => string,
): Promise<LineWindow> {
  const want = -req.offset;
  let tail = Buffer.alloc(0);
  let position = size;
  let cut = false;
  while (position > 0 && newlinesBeforeLast(tail) < want) {
    const read = Math.min(CHUNK, position);
    position -= read;
    const chunk = Buffer.allocUnsafe(read);
    await handle.read(chunk, 0, read, position);
    tail = Buffer.concat([chunk, tail]);
    if (tail.length > req.maxBytes) {
      tail = tail.subarray(tail.length - req.maxBytes);
      cut = true;
      break;
    }
  }
  const atStart = position === 0 && !cut;
  let lines = splitKeepingEnds(decode(tail));
  // Unless the scan reached the first byte, the first piece is (or may be) a partial line.
  if (!atStart) lines = lines.slice(1);
  const total = lines.length;
  const first = Math.max(0, total - want);
  const picked = lines.slice(first, first + req.length);
  return {
    text: picked.join(''),
    ...(atStart ? { startLine: first + 1, totalLines: total } : {}),
    lineCount: picked.length,
    truncated: cut && total < want,
  };
}

/** Newlines in `b`, not counting one in its last byte (the file's final newline ends a line, it starts none). */
function newlinesBeforeLast(b: Buffer): number {
  let n = 0;
  for (let i = 0; i < b.length - 1; i++) if (b[i] === 0x0a) n++;
  return n;
}

function capLines(lines: string[], maxBytes: number): { lines: string[]; truncated: boolean } {
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    bytes += Buffer.byteLength(lines[i]!);
    if (bytes > maxBytes) return { lines: lines.slice(0, i), truncated: true };
  }
  return { lines, truncated: false };
}
