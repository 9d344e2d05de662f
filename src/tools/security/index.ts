/**
 * The security face of the crawler (`security_*`): repository, secret, dependency and SAST scans, single-file
 * scans, SARIF/Markdown reports of stored scans and scan comparisons.
 */
import type { ToolServer } from '../../gateway/operation.js';
import type { SecurityToolDeps } from './deps.js';
import { scanFileOp } from './scan-file.js';
import { scanOps } from './scan-ops.js';
import { storedOps } from './stored-ops.js';

export type { SecurityToolDeps } from './deps.js';

/**
 * The `security` tool server.
 * @example registry.register(securityToolServer({ crawler, files: pathGuard, advisories, maxFileBytes, parseMaxBytes }))
 */
export function securityToolServer(deps: SecurityToolDeps): ToolServer {
  return {
    name: 'security',
    title: 'Security scans',
    description:
      'Secrets, insecure code and vulnerable dependencies in directories and files inside the allowed roots; SARIF reports and scan comparisons.',
    operations: [...scanOps(deps), scanFileOp(deps), ...storedOps(deps)],
  };
}
