/**
 * zod schemas of the Slack Web API answers the tools read (https://docs.slack.dev/reference/methods), the outputs
 * they return, and the mappers between them. Unknown fields of Slack objects pass through the parse and are dropped.
 */
import { z } from 'zod';

/** A message as Slack returns it in history and replies. */
export const slackMessage = z.looseObject({
  ts: z.string(),
  type: z.string().optional(),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  thread_ts: z.string().optional(),
  reply_count: z.number().optional(),
  files: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
});

/** chat.postMessage and chat.update. */
export const postedAnswer = z.looseObject({ channel: z.string(), ts: z.string() });

/** conversations.list. */
export const channelsAnswer = z.looseObject({
  channels: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string().optional(),
      is_private: z.boolean().optional(),
      is_archived: z.boolean().optional(),
      is_member: z.boolean().optional(),
      num_members: z.number().optional(),
      topic: z.looseObject({ value: z.string() }).optional(),
      purpose: z.looseObject({ value: z.string() }).optional(),
    }),
  ),
  response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
});

/** conversations.history and conversations.replies. */
export const messagesAnswer = z.looseObject({
  messages: z.array(slackMessage),
  has_more: z.boolean().optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
});

/** users.info. */
export const userAnswer = z.looseObject({
  user: z.looseObject({
    id: z.string(),
    name: z.string(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    is_admin: z.boolean().optional(),
    tz: z.string().optional(),
    profile: z
      .looseObject({
        display_name: z.string().optional(),
        real_name: z.string().optional(),
        title: z.string().optional(),
        email: z.string().optional(),
      })
      .optional(),
  }),
});

/** files.getUploadURLExternal. */
export const uploadUrlAnswer = z.looseObject({ upload_url: z.url(), file_id: z.string() });

/** files.completeUploadExternal. */
export const completeUploadAnswer = z.looseObject({
  files: z.array(
    z.looseObject({ id: z.string(), title: z.string().optional(), name: z.string().optional(), permalink: z.string().optional() }),
  ),
});

/** reactions.add. */
export const emptyAnswer = z.looseObject({});

/** One message in tool output. */
export const messageOut = z.object({
  ts: z.string().describe('Message timestamp: its ID within the channel'),
  user: z.string().optional(),
  botId: z.string().optional(),
  text: z.string(),
  subtype: z.string().optional(),
  threadTs: z.string().optional(),
  replyCount: z.number().int().optional(),
  fileIds: z.array(z.string()).optional(),
});

/** Slack message → output message. */
export function toMessage(m: z.infer<typeof slackMessage>): z.infer<typeof messageOut> {
  return {
    ts: m.ts,
    ...(m.user ? { user: m.user } : {}),
    ...(m.bot_id ? { botId: m.bot_id } : {}),
    text: m.text,
    ...(m.subtype ? { subtype: m.subtype } : {}),
    ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
    ...(m.reply_count !== undefined ? { replyCount: m.reply_count } : {}),
    ...(m.files?.length ? { fileIds: m.files.map((f) => f.id) } : {}),
  };
}

/** Channel ID (`C…`, `G…`, `D…`) or, where Slack accepts it, `#name`. */
export const channelArg = z
  .string()
  .min(1)
  .max(128)
  .regex(/^(#[a-z0-9._-]+|[CDG][A-Z0-9]{2,})$/, 'must be a channel ID like C0123ABCD or a name like #alerts');
/** A channel ID only (read methods take no names). */
export const channelIdArg = z
  .string()
  .regex(/^[CDG][A-Z0-9]{2,}$/, 'must be a channel ID like C0123ABCD (slack_list_channels lists them)')
  .max(64);
/** A message timestamp. */
export const tsArg = z.string().regex(/^\d{9,11}\.\d{6}$/, 'must be a Slack message timestamp like 1712345678.123456');
/** Block Kit blocks: passed through to Slack, which validates them (invalid_blocks → E_VALIDATION). */
export const blocksArg = z
  .array(z.looseObject({ type: z.string().min(1) }))
  .min(1)
  .max(50);
