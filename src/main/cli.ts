/**
 * Command groups of every capability, added to the CLI (a capability adds one line here). Implementations load
 * when their command runs, so start-up stays fast.
 */
import { advisoriesCommands } from '../adapters/cli/advisories.js';
import { approvalsCommands } from '../adapters/cli/approvals.js';
import { auditCommands } from '../adapters/cli/audit.js';
import { expertsCommands } from '../adapters/cli/experts.js';
import { policyCommands } from '../adapters/cli/policy.js';
import type { CliExtension } from '../adapters/cli/program.js';
import { scanCommands } from '../adapters/cli/scan.js';
import { toolsCommands } from '../adapters/cli/tools.js';
import { usersCommands } from '../adapters/cli/users.js';
import type { ProcessInfo } from './cli-handlers.js';
import { lazyHandlers } from './lazy-handlers.js';

/** This process, as the handlers of capability commands see it. */
const processInfo: ProcessInfo = { env: process.env, cwd: process.cwd(), stdoutIsTty: process.stdout.isTTY === true };

export const cliExtensions: readonly CliExtension[] = [
  toolsCommands(lazyHandlers(() => import('./tools-cli.js').then((m) => m.createToolsCliHandlers(processInfo)))),
  auditCommands(lazyHandlers(() => import('./audit-cli.js').then((m) => m.createAuditCliHandlers(processInfo)))),
  scanCommands(lazyHandlers(() => import('./scan-handlers.js').then((m) => m.createScanHandlers(processInfo)))),
  advisoriesCommands(lazyHandlers(() => import('./advisories-cli.js').then((m) => m.createAdvisoriesCliHandlers(processInfo)))),
  usersCommands(lazyHandlers(() => import('./users-cli.js').then((m) => m.createUsersCliHandlers(processInfo)))),
  approvalsCommands(lazyHandlers(() => import('./approvals-cli.js').then((m) => m.createApprovalsCliHandlers(processInfo)))),
  policyCommands(lazyHandlers(() => import('./policy-cli.js').then((m) => m.createPolicyCliHandlers(processInfo)))),
  expertsCommands(
    lazyHandlers(() => import('./experts-cli.js').then((m) => m.createExpertsCliHandlers(processInfo))),
    { statusSink: process.stderr.isTTY ? process.stderr : undefined },
  ),
];
