/**
 * Handlers of `code-engine approvals …`: each command is one gateway call, made like `tools call` makes it
 * (in-process as the local principal or CODE_ENGINE_API_KEY's owner, or through a remote server's REST face).
 */
import type { ApprovalsCliHandlers } from '../adapters/cli/approvals.js';
import type { ProcessInfo } from './cli-handlers.js';
import { createToolsCliHandlers } from './tools-cli.js';

/** Build the approvals command handlers for this process. */
export function createApprovalsCliHandlers(proc: ProcessInfo): ApprovalsCliHandlers {
  const tools = createToolsCliHandlers(proc);
  return { call: (ctx, name, args, options) => tools.call(ctx, name, args, options) };
}
