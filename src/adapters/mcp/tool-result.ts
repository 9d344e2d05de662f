/**
 * Maps gateway results and errors to MCP tool results: `structuredContent` plus text on success, and on failure a
 * result with `isError: true` whose text tells the model the code, what went wrong and what to try next.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppError, ErrorCode } from '../../core/errors.js';
import type { CallResult } from '../../gateway/pipeline.js';
import { redact } from '../../security/redact.js';

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  E_VALIDATION: 'Fix the named arguments and call again; the tool’s inputSchema lists what is accepted.',
  E_UNAUTHENTICATED: 'The MCP client’s credentials are missing or expired; ask the user to reconnect.',
  E_FORBIDDEN: 'Do not retry: the user’s role lacks this permission. Tell the user which permission is needed.',
  E_MFA_REQUIRED: 'Do not retry: the user must complete multi-factor authentication first.',
  E_POLICY_DENIED: 'Do not retry the same call: a policy rule denies it. Explain the reason to the user or change the arguments.',
  E_APPROVAL_REQUIRED: 'A human must approve this call. Tell the user; do not try to work around it.',
  E_NOT_FOUND: 'Check the name; the message may suggest a close match.',
  E_CONFLICT: 'Re-read the current state and retry with up-to-date values.',
  E_PAYLOAD_TOO_LARGE: 'Send a smaller request (fewer items, a range, or a narrower query).',
  E_RATE_LIMITED: 'Wait before retrying; too many calls were made.',
  E_CANCELLED: 'The call was cancelled or declined; do not retry unless the user asks.',
  E_TIMEOUT: 'The call timed out; retry once with less work, or tell the user.',
  E_CIRCUIT_OPEN: 'The dependency is failing; wait until the retry time before calling it again.',
  E_BULKHEAD_FULL: 'Too many concurrent calls to this dependency; retry shortly.',
  E_UPSTREAM: 'An outside system failed; retry later or tell the user.',
  E_UNAVAILABLE: 'A required service is down; tell the user.',
  E_UNSUPPORTED: 'Not available on this platform; use another approach.',
  E_INTERNAL: 'An internal error happened; tell the user and quote the request id.',
};

/**
 * The MCP result of a successful call. `passThrough` (federated tools): the output already is the upstream's
 * CallToolResult and goes to the client unchanged, content blocks, structuredContent and isError included.
 */
export function toToolResult(result: CallResult, passThrough = false): CallToolResult {
  if (passThrough) return result.output as CallToolResult;
  const structured = typeof result.output === 'object' && result.output !== null && !Array.isArray(result.output);
  return {
    content: [{ type: 'text', text: result.text }],
    ...(structured ? { structuredContent: result.output as Record<string, unknown> } : {}),
  };
}

export function toToolError(error: AppError, requestId: string): CallToolResult {
  const retry = error.retryAfterMs !== undefined ? ` Retry after ${Math.ceil(error.retryAfterMs / 1000)} s.` : '';
  const hint = NEXT_STEP[error.code] ?? '';
  const ref = error.code === 'E_INTERNAL' ? ` (request id ${requestId})` : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}${ref}${retry}${hint ? `\nNext: ${hint}` : ''}` }],
    _meta: {
      'code-engine/error': {
        code: error.code,
        requestId,
        ...(error.issues ? { issues: error.issues } : {}),
        // Client-safe facts such as an approval id or the denying rule (never for internal errors).
        ...(error.details && error.code !== 'E_INTERNAL' ? { details: redact(error.details) } : {}),
      },
    },
  };
}
