/**
 * Federation of external MCP servers: their tools served through the gateway as `<alias>__<tool>`.
 * Owns the upstream clients, their lifecycle (health, reconnect, refresh) and the status operation.
 */
export { createFederationManager, type FederationManager, type FederationOptions, type FederationStatus } from './federation-manager.js';
export { type FederationOpsDeps, federationToolServer } from './federation-ops.js';
export type { UpstreamState, UpstreamStatus, UpstreamTiming } from './upstream.js';
export { INHERITED_ENV_KEYS, upstreamEnv } from './upstream-env.js';
