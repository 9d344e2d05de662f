/**
 * Text encodings of files read and edited by the desktop tools: byte-order marks, UTF-16 without a BOM, strict UTF-8,
 * Latin-1 for other 8-bit text, and binary (returned as base64). Also encodes text back with the same encoding.
 */
import { AppError } from '../../core/errors.js';

/** How the content is encoded in the result (`base64` = the raw bytes of a binary file). */
export type ContentEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'base64';

/** What `detectEncoding` found. */
export interface Detected {
  encoding: ContentEncoding;
  /** Length of the byte-order mark at the start, 0 without one. */
  bomBytes: number;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Guess the encoding of `bytes`: BOM first, then UTF-16 by the NUL pattern, then strict UTF-8, then Latin-1 for text
 * without control characters; anything else is binary.
 * @example detectEncoding(Buffer.from('héllo')) // { encoding: 'utf-8', bomBytes: 0 }
 */
export function detectEncoding(bytes: Uint8Array): Detected {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomBytes: 0 };
  if (sample.includes(0)) return { encoding: 'base64', bomBytes: 0 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', bomBytes: 0 };
  return { encoding: looksLikeText(sample) ? 'latin1' : 'base64', bomBytes: 0 };
}

/** Decode `bytes` (without its BOM) as `encoding`; `base64` returns the bytes base64-encoded. */
export function decodeBytes(bytes: Uint8Array, encoding: ContentEncoding): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case 'base64':
      return buf.toString('base64');
    case 'latin1':
      return buf.toString('latin1');
    case 'utf-16le':
      return buf.toString('utf16le');
    case 'utf-16be':
      return new TextDecoder('utf-16be').decode(buf);
    case 'utf-8':
      return buf.toString('utf8');
  }
}

/** Encode text back to bytes in `encoding`, with `bom` prepended (edits keep a file's encoding and BOM). */
export function encodeText(text: string, encoding: Exclude<ContentEncoding, 'base64'>, bom: Uint8Array = new Uint8Array()): Buffer {
  let body: Buffer;
  switch (encoding) {
    case 'latin1':
      if (/[^\u0000-\u00ff]/.test(text)) {
        throw new AppError('E_VALIDATION', 'The new text has characters that the file’s Latin-1 encoding cannot hold.');
      }
      body = Buffer.from(text, 'latin1');
      break;
    case 'utf-16le':
      body = Buffer.from(text, 'utf16le');
      break;
    case 'utf-16be':
      body = Buffer.from(text, 'utf16le').swap16();
      break;
    case 'utf-8':
      body = Buffer.from(text, 'utf8');
      break;
  }
  return Buffer.concat([bom, body]);
}

/** Strict UTF-8 validity (no replacement characters). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte. */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (sample.length < 4 || sample.length % 2 !== 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = sample.length / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** 8-bit text: few C0 control characters besides tab, newline, carriage return and form feed. */
function looksLikeText(sample: Uint8Array): boolean {
  let control = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  return control <= sample.length * 0.01;
}
