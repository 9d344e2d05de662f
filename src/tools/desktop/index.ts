/**
 * The desktop tool server (`desktop_*`): files and commands inside the configured file roots, through the path
 * guard (with the server's own config and data excluded) and the safe subprocess runner. docs/security.md#desktop.
 */
import type { ToolServer } from '../../gateway/operation.js';
import { createDirectoryOp } from './create-directory.js';
import { createDesktopContext, type DesktopDeps } from './deps.js';
import { directoryTreeOp } from './directory-tree.js';
import { editFileOp } from './edit-file.js';
import { executeCommandOp } from './execute-command.js';
import { fileInfoOp } from './file-info.js';
import { killProcessOp } from './kill-process.js';
import { listDirectoryOp } from './list-directory.js';
import { listSessionsOp } from './list-sessions.js';
import { moveFileOp } from './move-file.js';
import { readFileOp } from './read-file.js';
import { readMultipleFilesOp } from './read-multiple-files.js';
import { readProcessOutputOp } from './read-process-output.js';
import { searchContentOp } from './search-content.js';
import { searchFilesOp } from './search-files.js';
import { writeFileOp } from './write-file.js';

export type { DesktopDeps } from './deps.js';
export { protectedPaths } from './protected-paths.js';

/**
 * Build the desktop server.
 * @example registry.register(desktopToolServer({ pathGuard, processes, settings: config.desktop, protectedPaths, clock }))
 */
export function desktopToolServer(deps: DesktopDeps): ToolServer {
  const ctx = createDesktopContext(deps);
  return {
    name: 'desktop',
    title: 'Desktop',
    description:
      'Files and commands inside the allowed roots: read, write, edit, list, search, move; run allowlisted programs without a shell.',
    operations: [
      readFileOp(ctx),
      readMultipleFilesOp(ctx),
      writeFileOp(ctx),
      editFileOp(ctx),
      listDirectoryOp(ctx),
      directoryTreeOp(ctx),
      searchFilesOp(ctx),
      searchContentOp(ctx),
      fileInfoOp(ctx),
      moveFileOp(ctx),
      createDirectoryOp(ctx),
      executeCommandOp(ctx),
      readProcessOutputOp(ctx),
      listSessionsOp(ctx),
      killProcessOp(ctx),
    ],
  };
}
