import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { toUpstreamError } from './upstream-errors.js';

describe('upstream errors', () => {
  it.each([
    [new McpError(ErrorCode.InvalidParams, 'message: required'), 'E_VALIDATION'],
    [new McpError(ErrorCode.RequestTimeout, 'timed out'), 'E_TIMEOUT'],
    [new McpError(ErrorCode.ConnectionClosed, 'closed'), 'E_UNAVAILABLE'],
    [new McpError(ErrorCode.InternalError, 'boom'), 'E_UPSTREAM'],
    [new StreamableHTTPError(401, 'unauthorized'), 'E_UPSTREAM'],
    [new StreamableHTTPError(404, 'session not found'), 'E_UNAVAILABLE'],
    [new StreamableHTTPError(502, 'bad gateway'), 'E_UPSTREAM'],
    [new TypeError('fetch failed'), 'E_UNAVAILABLE'],
  ])('maps %s to %s', (error, code) => {
    expect(toUpstreamError('up', error).code).toBe(code);
  });

  it('keeps AppErrors (our deadline and cancellation) as they are', () => {
    const timeout = new AppError('E_TIMEOUT', 'Call to "mcp:up" timed out.');
    expect(toUpstreamError('up', timeout)).toBe(timeout);
  });

  it('names the upstream and quotes its message without the JSON-RPC prefix', () => {
    expect(toUpstreamError('up', new McpError(ErrorCode.InvalidParams, 'message: required')).message).toBe(
      'Upstream MCP server "up" rejected the arguments: message: required',
    );
  });
});
