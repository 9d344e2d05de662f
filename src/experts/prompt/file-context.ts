/**
 * Workspace files attached to a consult (`context.files`), read through the path guard: only paths inside
 * `security.files.roots`, the opened descriptor re-checked, at most `maxBytes` read (the head of a larger file,
 * cut at a line break). Binary files are refused. The planner decides the caps and words the notes.
 */
import { AppError } from '../../core/errors.js';
import type { PathGuard } from '../../security/path-guard.js';

/** What was read of one file. */
export interface FileText {
  text: string;
  /** The file's size on disk. */
  sizeBytes: number;
  /** Only the head of the file is in `text` (it was larger than `maxBytes`). */
  truncated: boolean;
  /** Bytes of the file that `text` holds. */
  keptBytes: number;
}

/** Reads one attached file; `maxBytes` caps what is read. */
export type FileContextReader = (path: string, options: { signal: AbortSignal; maxBytes: number }) => Promise<FileText>;

/**
 * A reader over the path guard: E_FORBIDDEN outside the roots, E_NOT_FOUND for missing files, E_VALIDATION for
 * directories and binary files.
 * @example createExpertsService({ …, readFile: guardedFileReader(services.security.pathGuard) })
 */
export function guardedFileReader(guard: Pick<PathGuard, 'openForRead'>): FileContextReader {
  return async function readContextFile(path, { signal, maxBytes }) {
    signal.throwIfAborted();
    const handle = await guard.openForRead(path);
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(size, maxBytes)));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      let bytes = buffer.subarray(0, filled);
      if (bytes.includes(0)) throw new AppError('E_VALIDATION', `"${path}" looks binary (it contains NUL bytes); attach text files only.`);
      const truncated = size > filled;
      if (truncated) {
        // Cut at the last line break so no line (or multi-byte character) is split; a file without one is cut as is.
        const newline = bytes.lastIndexOf(0x0a);
        if (newline > 0) bytes = bytes.subarray(0, newline + 1);
      }
      return { text: bytes.toString('utf8'), sizeBytes: size, truncated, keptBytes: bytes.length };
    } finally {
      await handle.close().catch(() => undefined);
    }
  };
}
