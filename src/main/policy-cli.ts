/**
 * Handlers of `code-engine policy …`: each command is one gateway call to a policy_* operation, made like
 * `tools call` makes it (in-process as the local principal or CODE_ENGINE_API_KEY's owner, or over REST).
 */
import type { PolicyCliHandlers } from '../adapters/cli/policy.js';
import type { ProcessInfo } from './cli-handlers.js';
import { createToolsCliHandlers } from './tools-cli.js';

/** Build the policy command handlers for this process. */
export function createPolicyCliHandlers(proc: ProcessInfo): PolicyCliHandlers {
  const tools = createToolsCliHandlers(proc);
  return { call: (ctx, name, args, options) => tools.call(ctx, name, args, options) };
}
