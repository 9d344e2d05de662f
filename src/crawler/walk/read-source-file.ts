/**
 * Reads one listed file for analysis: never leaves the root through a symlink, skips non-regular files,
 * files over the size cap and binaries (a NUL byte in the first 8 KiB, as git decides), and decodes text
 * (UTF-8 with or without BOM, UTF-16 with a BOM; invalid UTF-8 is decoded with replacement characters).
 * TODO(#7): read through src/security's path guard (createPathGuard().readFile) once it is committed.
 */
import { isUtf8 } from 'node:buffer';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ScanWarning } from './list-files.js';

/** A readable text file. */
export interface SourceFile {
  path: string;
  bytes: Buffer;
  sizeBytes: number;
  mtimeMs: number;
}

/** Result of reading one listed path. */
export type ReadResult = { ok: true; file: SourceFile } | { ok: false; warning: ScanWarning };

/** What `statSourceFile` learned without reading the content. */
export type StatResult = { ok: true; realPath: string; sizeBytes: number; mtimeMs: number } | { ok: false; warning: ScanWarning };

const SNIFF_BYTES = 8000;

/** True when `realPath` is `realRoot` or below it. */
export function isInside(realRoot: string, realPath: string): boolean {
  return realPath === realRoot || realPath.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

/** Stat `rel` under the real root, resolving symlinks only when they stay inside the root. */
export async function statSourceFile(realRoot: string, rel: string, maxBytes: number): Promise<StatResult> {
  const abs = join(realRoot, rel);
  let info: import('node:fs').Stats;
  let realPath = abs;
  try {
    info = await lstat(abs);
    if (info.isSymbolicLink()) {
      realPath = await realpath(abs);
      if (!isInside(realRoot, realPath)) return { ok: false, warning: { path: rel, reason: 'symlink-outside-root' } };
      info = await stat(realPath);
      if (info.isDirectory()) return { ok: false, warning: { path: rel, reason: 'symlink-dir' } };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, warning: { path: rel, reason: 'missing' } };
    return { ok: false, warning: { path: rel, reason: 'unreadable', detail: code ?? String(e) } };
  }
  if (!info.isFile()) return { ok: false, warning: { path: rel, reason: 'not-regular' } };
  if (info.size > maxBytes)
    return { ok: false, warning: { path: rel, reason: 'too-large', detail: `${info.size} bytes > cap ${maxBytes}` } };
  return { ok: true, realPath, sizeBytes: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
}

/** Read the bytes of a stat'ed file, skipping binaries. */
export async function readSourceFile(rel: string, found: { realPath: string; mtimeMs: number }, maxBytes: number): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(found.realPath);
  } catch (e) {
    return { ok: false, warning: { path: rel, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) } };
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes)
    return { ok: false, warning: { path: rel, reason: 'too-large', detail: `${bytes.length} bytes > cap ${maxBytes}` } };
  if (isBinary(bytes)) return { ok: false, warning: { path: rel, reason: 'binary' } };
  return { ok: true, file: { path: rel, bytes, sizeBytes: bytes.length, mtimeMs: found.mtimeMs } };
}

/** A NUL byte in the first 8 000 bytes means binary, unless the file starts with a UTF-16 byte-order mark. */
export function isBinary(bytes: Uint8Array): boolean {
  if (utf16Endianness(bytes)) return false;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

function utf16Endianness(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Decoded text and whether decoding had to replace invalid bytes. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  invalid: boolean;
}

/** Decode file bytes to text: UTF-16 by BOM, else UTF-8 (BOM stripped; invalid sequences become U+FFFD). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 = utf16Endianness(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes.subarray(2)), encoding: utf16, invalid: false };
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const invalid = !isUtf8(body);
  return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), encoding: 'utf-8', invalid };
}
