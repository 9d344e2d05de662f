/** Command groups of every capability, added to the CLI (a capability adds one line here). */
import { advisoriesCommands } from '../adapters/cli/advisories.js';
import { approvalsCommands } from '../adapters/cli/approvals.js';
import { auditCommands } from '../adapters/cli/audit.js';
import { expertsCommands } from '../adapters/cli/experts.js';
import type { CliExtension } from '../adapters/cli/program.js';
import { scanCommands } from '../adapters/cli/scan.js';
import { toolsCommands } from '../adapters/cli/tools.js';
import { usersCommands } from '../adapters/cli/users.js';
import { createAdvisoriesCliHandlers } from './advisories-cli.js';
import { createApprovalsCliHandlers } from './approvals-cli.js';
import { createAuditCliHandlers } from './audit-cli.js';
import type { ProcessInfo } from './cli-handlers.js';
import { createExpertsCliHandlers } from './experts-cli.js';
import { createScanHandlers } from './scan-handlers.js';
import { createToolsCliHandlers } from './tools-cli.js';
import { createUsersCliHandlers } from './users-cli.js';

/** This process, as the handlers of capability commands see it. */
const processInfo: ProcessInfo = { env: process.env, cwd: process.cwd(), stdoutIsTty: process.stdout.isTTY === true };

export const cliExtensions: readonly CliExtension[] = [
  toolsCommands(createToolsCliHandlers(processInfo)),
  auditCommands(createAuditCliHandlers(processInfo)),
  scanCommands(createScanHandlers(processInfo)),
  advisoriesCommands(createAdvisoriesCliHandlers(processInfo)),
  usersCommands(createUsersCliHandlers(processInfo)),
  approvalsCommands(createApprovalsCliHandlers(processInfo)),
  expertsCommands(createExpertsCliHandlers(processInfo), { statusSink: process.stderr.isTTY ? process.stderr : undefined }),
];
