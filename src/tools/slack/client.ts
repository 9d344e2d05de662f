/**
 * The Slack Web API client: methods POSTed to `<baseUrl>/<method>` with the bot token as `Authorization: Bearer`,
 * JSON bodies for write methods and form bodies for reads (some read methods accept no JSON), `ok: false` bodies
 * and 429 Retry-After mapped to stable codes, answers validated with zod, retries through `resilience.run`.
 */
import { z } from 'zod';
import type { SlackConfig } from '../../core/config/slack.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { retryAfterFromHeaders } from '../../resilience/retry-after.js';
import { SLACK_DEPENDENCY, slackError, slackStatusError } from './slack-errors.js';

/** Inputs of `createSlackClient`. */
export interface SlackClientOptions {
  http: HttpClient;
  resilience: Resilience;
  settings: SlackConfig;
}

/** Options of one method call. */
export interface SlackCallOptions {
  signal: AbortSignal;
  /**
   * A write (post, update, react, upload): sent as JSON and retried only after a 429, which Slack did not process —
   * never after a 5xx or a dropped connection, which may have posted.
   */
  write?: boolean;
}

/** Calls Slack Web API methods. */
export interface SlackClient {
  readonly settings: SlackConfig;
  /**
   * Call a method and validate the `ok: true` answer against `schema`.
   * @example const { channel, ts } = await slack.call('chat.postMessage', { channel, text }, PostedSchema, { signal, write: true })
   */
  call<S extends z.ZodType>(method: string, args: Record<string, unknown>, schema: S, options: SlackCallOptions): Promise<z.infer<S>>;
  /** POST file bytes to an upload URL from files.getUploadURLExternal (no token: the URL is the credential). */
  upload(url: string, bytes: Uint8Array, options: { signal: AbortSignal }): Promise<void>;
}

const okBody = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  needed: z.string().optional(),
  provided: z.string().optional(),
  response_metadata: z.looseObject({ messages: z.array(z.string()).optional() }).optional(),
});

/** Form encoding as Slack reads it: objects and arrays (blocks, files) as JSON strings. */
function formBody(args: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    form.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

/**
 * Build the client; without `slack.token` every call answers E_UNAVAILABLE saying so.
 * @example const slack = createSlackClient({ http: services.http, resilience: services.resilience, settings: config.slack })
 */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  const { http, resilience, settings } = options;
  const base = settings.baseUrl.replace(/\/+$/, '');
  const now = () => resilience.time.clock.now();
  const retryOptions = (o: { signal: AbortSignal; write?: boolean }) => ({
    retry: settings.retry,
    signal: o.signal,
    // The gateway runs every slack_* operation under the `slack` breaker and bulkhead and the call's deadline.
    timeoutMs: 0,
    breaker: false,
    bulkhead: false,
    ...(o.write ? { isRetryable: (e: unknown) => isAppError(e) && e.code === 'E_RATE_LIMITED' } : {}),
  });

  async function call<S extends z.ZodType>(
    method: string,
    args: Record<string, unknown>,
    schema: S,
    o: SlackCallOptions,
  ): Promise<z.infer<S>> {
    if (!settings.token) {
      throw new AppError(
        'E_UNAVAILABLE',
        'slack.token is not set: configure a bot token (CODE_ENGINE_SLACK_TOKEN or _FILE) to use the slack_* tools.',
        {
          retryable: false,
          details: { reason: 'not_configured' },
        },
      );
    }
    const headers = {
      authorization: `Bearer ${settings.token}`,
      accept: 'application/json',
      'content-type': o.write ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
    };
    const body = o.write ? JSON.stringify(args) : formBody(args);
    return resilience.run(
      SLACK_DEPENDENCY,
      async ({ signal }) => {
        const res = await http.request(`${base}/${method}`, { method: 'POST', headers, body, signal, maxResponseBytes: 4_194_304 });
        const retryAfterMs = retryAfterFromHeaders(res.headers, now());
        if (res.status !== 200) throw slackStatusError(method, res.status, res.text(), retryAfterMs);
        const envelope = okBody.safeParse(res.json());
        if (!envelope.success) throw new AppError('E_UPSTREAM', `Slack answered ${method} without an "ok" field.`, { retryable: false });
        if (!envelope.data.ok) throw slackError(method, { ...envelope.data, error: envelope.data.error ?? 'unknown_error' }, retryAfterMs);
        const parsed = schema.safeParse(envelope.data);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AppError(
            'E_UPSTREAM',
            `Slack answered ${method} with an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message}).`,
            {
              retryable: false,
              details: { dependency: SLACK_DEPENDENCY, method, reason: 'schema' },
            },
          );
        }
        return parsed.data;
      },
      retryOptions(o),
    );
  }

  async function upload(url: string, bytes: Uint8Array, o: { signal: AbortSignal }): Promise<void> {
    await resilience.run(
      SLACK_DEPENDENCY,
      async ({ signal }) => {
        const res = await http.request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: bytes,
          signal,
        });
        if (res.status !== 200) throw slackStatusError('file upload', res.status, res.text(), retryAfterFromHeaders(res.headers, now()));
      },
      retryOptions({ ...o, write: true }),
    );
  }

  return { settings, call, upload };
}
