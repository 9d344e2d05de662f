/**
 * Config section of the `slack` tool server (src/tools/slack): the bot token, the API base URL, the channel alerts
 * go to by default, and limits of calls and uploads.
 */
import { z } from 'zod';
import { secret } from './secret.js';

/** The `slack` section. */
export const slackSchema = z
  .strictObject({
    token: secret(z.string().min(1))
      .optional()
      .describe(
        'Bot token (xoxb-…) the slack_* tools act with (env CODE_ENGINE_SLACK_TOKEN or _FILE). Unset = the tools answer E_UNAVAILABLE. ' +
          'Scopes: chat:write, reactions:write, channels:read, channels:history, groups:read, groups:history, users:read, files:write.',
      ),
    baseUrl: z.url().default('https://slack.com/api').describe('Slack Web API base URL (methods are POSTed to <baseUrl>/<method>).'),
    defaultChannel: z
      .string()
      .min(1)
      .optional()
      .describe('Channel ID (or #name) slack_post_alert posts to when the call names none, e.g. C0123ABCD or #alerts.'),
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(300_000)
      .default(20_000)
      .describe('Limit of one tool call in ms, retries and upload included.'),
    retry: z
      .string()
      .min(1)
      .default('standard')
      .describe(
        'Retry preset (resilience.retry presets). Reads retry on 5xx and 429; posts retry only on 429, which Slack did not process.',
      ),
    maxUploadBytes: z
      .number()
      .int()
      .min(1)
      .max(104_857_600)
      .default(1_048_576)
      .describe('Largest file slack_upload_file sends, in bytes (the gateway’s gateway.maxArgumentBytes also bounds it).'),
  })
  .prefault({});

/** The parsed `slack` section. */
export type SlackConfig = z.infer<typeof slackSchema>;
