/**
 * Maps what an upstream MCP call can throw to AppErrors with stable codes. The code decides what the breaker of
 * `mcp:<alias>` counts: unreachable, closed, timed out or failing upstreams are failures; arguments the upstream
 * rejected (E_VALIDATION) prove it answered.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError, isAppError } from '../../core/errors.js';

const MAX_MESSAGE_CHARS = 300;

/** The upstream's own words, shortened (they are outside text shown to callers). */
function said(error: Error): string {
  const text = error.message
    .replace(/^MCP error -?\d+: /, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/**
 * The AppError for a failed call to upstream `alias`. AppErrors pass unchanged (our deadline and cancellation
 * reasons); JSON-RPC errors map by code; HTTP errors by status; anything else (refused connection, spawn
 * failure, closed pipe) is E_UNAVAILABLE.
 * @example throw toUpstreamError('github', e)
 */
export function toUpstreamError(alias: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  const who = `Upstream MCP server "${alias}"`;
  if (error instanceof McpError) {
    switch (error.code) {
      case ErrorCode.InvalidParams:
        return new AppError('E_VALIDATION', `${who} rejected the arguments: ${said(error)}`, { cause: error });
      case ErrorCode.RequestTimeout:
        return new AppError('E_TIMEOUT', `${who} did not answer in time.`, { cause: error });
      case ErrorCode.ConnectionClosed:
        return new AppError('E_UNAVAILABLE', `${who} closed the connection; it is reconnected automatically.`, { cause: error });
      default:
        return new AppError('E_UPSTREAM', `${who} failed: ${said(error)}`, { cause: error });
    }
  }
  if (error instanceof StreamableHTTPError) {
    const status = error.code ?? 0;
    if (status === 401 || status === 403)
      return new AppError('E_UPSTREAM', `${who} refused our credentials (HTTP ${status}); check its bearerToken or headers.`, {
        cause: error,
      });
    // 404 on a session id: the upstream restarted and forgot the session; the manager reconnects.
    if (status === 404) return new AppError('E_UNAVAILABLE', `${who} lost the session; it is reconnected automatically.`, { cause: error });
    return new AppError('E_UPSTREAM', `${who} answered HTTP ${status}.`, { cause: error });
  }
  return new AppError('E_UNAVAILABLE', `${who} cannot be reached; it is reconnected automatically.`, { cause: error });
}

/** True when the error suggests the connection itself is gone (worth probing the upstream now). */
export function isConnectionLoss(error: AppError): boolean {
  return error.code === 'E_UNAVAILABLE';
}
