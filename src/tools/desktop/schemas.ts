/**
 * Zod pieces shared by the desktop operations: path arguments, entry types, hashes and glob lists.
 */
import { z } from 'zod';

/** A path inside the file roots: absolute, or relative to the first root. */
export const pathInput = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL bytes')
  .describe('A path inside the allowed file roots: absolute, or relative to the first root');

/** A directory argument that defaults to the first root. */
export const dirInput = pathInput.default('.').describe('Directory inside the allowed file roots; default "." (the first root)');

/** What a directory entry is (symlinks are reported, never followed by listings and walks). */
export const entryType = z.enum(['file', 'directory', 'symlink', 'other']);
export type EntryType = z.infer<typeof entryType>;

/** Lower-case hex SHA-256 of a file's bytes. */
export const sha256Hex = z
  .string()
  .regex(/^[a-f0-9]{64}$/, 'expected 64 lower-case hex digits (SHA-256)')
  .describe('SHA-256 of the file bytes, hex, as returned by desktop_read_file or desktop_file_info');

/** Glob patterns (`*`, `**`, `?`, `[abc]`, `{a,b}`). */
export const globList = z.array(z.string().min(1).max(512)).max(64);

/** Directory names skipped by searches unless the caller says otherwise. */
export const DEFAULT_SEARCH_EXCLUDES = ['.git', 'node_modules'];
