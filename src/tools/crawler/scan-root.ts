/**
 * Scan roots and scan progress for the crawler's faces: every directory a tool scans is resolved through the path
 * guard (so only trees inside `security.files.roots` are read), and the crawler's progress becomes `ctx.progress`.
 */
import { AppError } from '../../core/errors.js';
import type { ScanProgress } from '../../crawler/scan/run-scan.js';
import type { ProgressUpdate } from '../../gateway/operation.js';
import type { PathGuard } from '../../security/path-guard.js';

/**
 * The real path of the directory `input` names, inside the guard's roots: E_FORBIDDEN outside them, E_NOT_FOUND
 * when missing, E_VALIDATION for a file (`hint` says which tool takes files).
 * @example const root = await resolveScanDirectory(files, 'services/api', 'use security_scan_file for one file')
 */
export async function resolveScanDirectory(files: PathGuard, input: string, hint?: string): Promise<string> {
  const real = await files.resolve(input);
  const stats = await files.stat(real);
  if (!stats.isDirectory()) throw new AppError('E_VALIDATION', `"${input}" is a file, not a directory${hint ? `: ${hint}` : ''}.`);
  return real;
}

/** Turn crawler progress into a gateway progress update (files done of files listed, with the phase as message). */
export function toProgressUpdate(p: ScanProgress): ProgressUpdate {
  return {
    progress: p.filesDone,
    ...(p.filesTotal > 0 ? { total: p.filesTotal } : {}),
    message: `${p.phase}: ${p.filesDone}/${p.filesTotal} files`,
  };
}
