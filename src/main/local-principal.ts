/**
 * Who a local face (MCP stdio, in-process CLI) acts as: the owner of CODE_ENGINE_API_KEY when it is set,
 * otherwise the configured local principal with its role (default operator).
 */
import type { Principal } from '../auth/principal.js';
import type { Runtime } from './runtime.js';

export async function localPrincipal(runtime: Runtime, env: Record<string, string | undefined>): Promise<Principal> {
  const apiKey = env.CODE_ENGINE_API_KEY;
  if (apiKey) return runtime.services.auth.authenticate(apiKey);
  const { principal, role } = runtime.config.mcp.stdio;
  return { id: `local:${principal}`, type: 'service', name: principal, roles: [role] };
}
