/**
 * Tool names: `<server>_<tool>` in lowercase snake case, and always within `^[a-zA-Z0-9_-]{1,64}$` —
 * Claude Desktop, claude.ai and Claude Code reject a whole server whose tool list has one name with a dot,
 * slash or space. Federated upstream tools become `<alias>__<tool>`, sanitised and shortened with a stable hash.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.js';

/** What every MCP client accepts. */
export const MCP_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Built-in names: lowercase snake case. */
const BUILT_IN_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
// Snake case, like tool names: a server may be two words (`supply_chain`).
const SERVER_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Throw E_INTERNAL (a programming error) unless `name` is a valid built-in tool name of `server`. */
export function assertBuiltInName(server: string, name: string): void {
  if (!SERVER_NAME.test(server)) throw new AppError('E_INTERNAL', `Tool server name "${server}" must match ${SERVER_NAME}.`);
  if (!MCP_TOOL_NAME.test(name) || !BUILT_IN_NAME.test(name)) {
    throw new AppError(
      'E_INTERNAL',
      `Tool name "${name}" must be lowercase snake case matching ${MCP_TOOL_NAME} (no dots, slashes or spaces).`,
    );
  }
  if (!name.startsWith(`${server}_`)) throw new AppError('E_INTERNAL', `Tool "${name}" must start with its server name "${server}_".`);
}

/**
 * The gateway name of an upstream tool: `<alias>__<tool>` with every character outside [a-zA-Z0-9_-] replaced
 * by `_`; names over 64 characters keep a prefix and end in an 8-character hash of the original, so they stay
 * unique and stable across restarts.
 */
export function federatedName(alias: string, tool: string): string {
  const clean = `${alias}__${tool.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const changed = clean !== `${alias}__${tool}`;
  if (clean.length <= 64 && !changed) return clean;
  // Sanitising can make two names equal ("a.b" and "a_b"); the hash of the original keeps them apart.
  const hash = createHash('sha256').update(`${alias}\u0000${tool}`).digest('hex').slice(0, 8);
  return `${clean.slice(0, 55)}_${hash}`;
}
