/**
 * Slack's `{"ok": false, "error": "<code>"}` answers (HTTP 200) and HTTP statuses mapped to our stable codes, with
 * a message that says what to do. The Slack code stays in `details.slackError`.
 */
import { AppError, type ErrorCode } from '../../core/errors.js';

/** The breaker/bulkhead name of the Slack Web API (the operations' `dependency`). */
export const SLACK_DEPENDENCY = 'slack';

/** Our token was refused: the caller did nothing wrong, the server's configuration did. */
const TOKEN = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'no_permission',
]);
const NOT_FOUND = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'message_not_found',
  'thread_not_found',
  'file_not_found',
]);
const REFUSED = new Set([
  'not_in_channel',
  'is_archived',
  'restricted_action',
  'cant_update_message',
  'edit_window_closed',
  'access_denied',
  'ekm_access_denied',
  'team_access_not_granted',
  'file_uploads_disabled',
  'file_type_not_allowed',
]);
const INVALID = new Set([
  'invalid_arguments',
  'invalid_array_arg',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'invalid_name',
  'invalid_ts_latest',
  'invalid_ts_oldest',
  'invalid_cursor',
  'invalid_limit',
  'invalid_form_data',
  'invalid_json',
  'json_not_object',
  'missing_argument',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'too_many_reactions',
  'alt_txt_too_large',
  'snippet_too_large',
]);
const RATE = new Set(['ratelimited', 'rate_limited', 'message_limit_exceeded']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack code → our code and whether retrying can help. */
const CODES = new Map<string, [ErrorCode, boolean]>([
  ...[...NOT_FOUND].map((c) => [c, ['E_NOT_FOUND', false]] as const),
  ...[...REFUSED].map((c) => [c, ['E_FORBIDDEN', false]] as const),
  ...[...INVALID].map((c) => [c, ['E_VALIDATION', false]] as const),
  ...[...RATE].map((c) => [c, ['E_RATE_LIMITED', true]] as const),
  ...[...TRANSIENT].map((c) => [c, ['E_UPSTREAM', true]] as const),
  ['already_reacted', ['E_CONFLICT', false]],
] as Array<[string, [ErrorCode, boolean]]>);

const HINTS: Record<string, string> = {
  not_in_channel: 'invite the bot to the channel first',
  channel_not_found: 'use a channel ID (C…) the bot can see; slack_list_channels lists them',
  is_archived: 'the channel is archived',
  cant_update_message: 'only messages the bot posted can be updated',
};

/** What Slack said besides the code: `needed`/`provided` scopes and `response_metadata.messages`. */
export interface SlackErrorBody {
  error: string;
  needed?: string | undefined;
  provided?: string | undefined;
  response_metadata?: { messages?: string[] | undefined } | undefined;
}

/** Map an `ok: false` body. `method` is the Web API method, e.g. `chat.postMessage`. */
export function slackError(method: string, body: SlackErrorBody, retryAfterMs?: number): AppError {
  const code = body.error;
  const details = { dependency: SLACK_DEPENDENCY, method, slackError: code };
  const extra = body.response_metadata?.messages?.slice(0, 3).join('; ');
  const why = `${method} answered ${code}${HINTS[code] ? ` (${HINTS[code]})` : ''}${extra ? `: ${extra}` : ''}.`;
  if (TOKEN.has(code)) {
    return new AppError('E_UPSTREAM', `Slack refused the configured token (${code}): check slack.token.`, {
      retryable: false,
      details: { ...details, reason: 'upstream_auth' },
    });
  }
  if (code === 'missing_scope') {
    return new AppError(
      'E_UPSTREAM',
      `The Slack token lacks the scope ${body.needed ?? '(unknown)'} that ${method} needs; add it to the app and reinstall.`,
      {
        retryable: false,
        details: { ...details, reason: 'upstream_auth', needed: body.needed, provided: body.provided },
      },
    );
  }
  const [errorCode, retryable] = CODES.get(code) ?? ['E_UPSTREAM', false];
  return new AppError(errorCode, `Slack ${why}`, { retryable, details, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

/** Map a non-200 HTTP answer (429 with Retry-After, 5xx, anything else). */
export function slackStatusError(method: string, status: number, text: string, retryAfterMs?: number): AppError {
  const details = { dependency: SLACK_DEPENDENCY, method, status };
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new AppError('E_RATE_LIMITED', `Slack is rate limiting ${method} (429).${wait}`, {
      details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new AppError('E_UPSTREAM', `Slack failed on ${method} (${status})${excerpt ? `: ${excerpt}` : '.'}`, {
    details,
    retryable: status >= 500 || status === 408,
  });
}
