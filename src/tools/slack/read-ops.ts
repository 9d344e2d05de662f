/**
 * Slack reads behind slack:read: `slack_list_channels`, `slack_channel_history`, `slack_thread_replies` and
 * `slack_user_info`, with Slack's cursor pagination passed through.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SlackClient } from './client.js';
import { channelIdArg, channelsAnswer, messageOut, messagesAnswer, toMessage, tsArg, userAnswer } from './schemas.js';
import { SLACK_DEPENDENCY } from './slack-errors.js';

const cursor = z.string().min(1).max(1_000).optional().describe('nextCursor of the previous page');
const page = z.object({ messages: z.array(messageOut), hasMore: z.boolean(), nextCursor: z.string().optional() });
type Page = z.infer<typeof page>;

const renderMessages = (o: Page) =>
  [
    ...o.messages.map((m) => `${m.ts} ${m.user ?? m.botId ?? '?'}: ${m.text.replace(/\s+/g, ' ').slice(0, 200)}`),
    ...(o.hasMore ? ['… more'] : []),
  ].join('\n') || 'No messages.';

function toPage(a: z.infer<typeof messagesAnswer>): Page {
  const next = a.response_metadata?.next_cursor;
  return { messages: a.messages.map(toMessage), hasMore: a.has_more ?? false, ...(next ? { nextCursor: next } : {}) };
}

/** Build the four read operations. */
export function readOps(client: SlackClient): Operation[] {
  const common = {
    permission: 'slack:read',
    effects: 'read' as const,
    dependency: SLACK_DEPENDENCY,
    timeoutMs: client.settings.timeoutMs,
  };

  const listChannels = defineOperation({
    ...common,
    name: 'slack_list_channels',
    title: 'List Slack channels',
    description: 'Channels the bot can see, with IDs (for the other slack_* tools), membership, size, topic and purpose; paginated.',
    input: z.object({
      types: z
        .array(z.enum(['public_channel', 'private_channel', 'mpim', 'im']))
        .min(1)
        .default(['public_channel'])
        .describe('Conversation types. Default ["public_channel"].'),
      excludeArchived: z.boolean().default(true).describe('Leave archived channels out. Default true.'),
      limit: z.coerce.number().int().min(1).max(1_000).default(200).describe('Channels per page (1–1000). Default 200.'),
      cursor,
    }),
    output: z.object({
      channels: z.array(
        z.object({
          id: z.string(),
          name: z.string().optional(),
          isPrivate: z.boolean(),
          isArchived: z.boolean(),
          isMember: z.boolean(),
          members: z.number().int().optional(),
          topic: z.string().optional(),
          purpose: z.string().optional(),
        }),
      ),
      nextCursor: z.string().optional(),
    }),
    example: { limit: 100 },
    render: (o) => o.channels.map((c) => `${c.id} #${c.name ?? '?'}${c.isMember ? ' (member)' : ''}`).join('\n') || 'No channels.',
    run: async (input, { signal }) => {
      const a = await client.call(
        'conversations.list',
        { types: input.types.join(','), exclude_archived: input.excludeArchived, limit: input.limit, cursor: input.cursor },
        channelsAnswer,
        { signal },
      );
      const next = a.response_metadata?.next_cursor;
      return {
        channels: a.channels.map((c) => ({
          id: c.id,
          ...(c.name ? { name: c.name } : {}),
          isPrivate: c.is_private ?? false,
          isArchived: c.is_archived ?? false,
          isMember: c.is_member ?? false,
          ...(c.num_members !== undefined ? { members: c.num_members } : {}),
          ...(c.topic?.value ? { topic: c.topic.value } : {}),
          ...(c.purpose?.value ? { purpose: c.purpose.value } : {}),
        })),
        ...(next ? { nextCursor: next } : {}),
      };
    },
  });

  const history = defineOperation({
    ...common,
    name: 'slack_channel_history',
    title: 'Slack channel history',
    description: 'Messages of a channel, newest first, optionally between two timestamps; paginated with nextCursor.',
    input: z.object({
      channel: channelIdArg.describe('Channel ID'),
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('Messages per page (1–200). Default 50.'),
      oldest: tsArg.optional().describe('Only messages after this timestamp'),
      latest: tsArg.optional().describe('Only messages before this timestamp'),
      cursor,
    }),
    output: page,
    http: { method: 'GET', path: '/api/slack/channels/:channel/history' },
    example: { channel: 'C0123ABCD', limit: 20 },
    render: renderMessages,
    run: async (input, { signal }) =>
      toPage(
        await client.call(
          'conversations.history',
          { channel: input.channel, limit: input.limit, oldest: input.oldest, latest: input.latest, cursor: input.cursor },
          messagesAnswer,
          { signal },
        ),
      ),
  });

  const replies = defineOperation({
    ...common,
    name: 'slack_thread_replies',
    title: 'Slack thread replies',
    description: 'A thread: its parent message first, then the replies, oldest first; paginated with nextCursor.',
    input: z.object({
      channel: channelIdArg.describe('Channel ID'),
      ts: tsArg.describe('Timestamp of the thread’s parent message'),
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('Messages per page (1–200). Default 50.'),
      cursor,
    }),
    output: page,
    http: { method: 'GET', path: '/api/slack/channels/:channel/threads/:ts' },
    example: { channel: 'C0123ABCD', ts: '1712345678.123456' },
    render: renderMessages,
    run: async (input, { signal }) =>
      toPage(
        await client.call(
          'conversations.replies',
          { channel: input.channel, ts: input.ts, limit: input.limit, cursor: input.cursor },
          messagesAnswer,
          {
            signal,
          },
        ),
      ),
  });

  const userInfo = defineOperation({
    ...common,
    name: 'slack_user_info',
    title: 'Slack user',
    description: 'A Slack user’s name, display name, title, time zone, e-mail (when the token has users:read.email) and bot/admin flags.',
    input: z.object({
      user: z
        .string()
        .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a user ID like U0123ABCD')
        .describe('User ID, e.g. from a message'),
    }),
    output: z.object({
      id: z.string(),
      name: z.string(),
      realName: z.string().optional(),
      displayName: z.string().optional(),
      title: z.string().optional(),
      email: z.string().optional(),
      timeZone: z.string().optional(),
      isBot: z.boolean(),
      isAdmin: z.boolean(),
      deleted: z.boolean(),
    }),
    http: { method: 'GET', path: '/api/slack/users/:user' },
    example: { user: 'U0123ABCD' },
    render: (o) =>
      `${o.realName ?? o.name} (@${o.name})${o.title ? `, ${o.title}` : ''}${o.isBot ? ' [bot]' : ''}${o.deleted ? ' [deactivated]' : ''}`,
    run: async (input, { signal }) => {
      const { user: u } = await client.call('users.info', { user: input.user }, userAnswer, { signal });
      const p = u.profile ?? {};
      return {
        id: u.id,
        name: u.name,
        ...((u.real_name ?? p.real_name) ? { realName: u.real_name ?? p.real_name } : {}),
        ...(p.display_name ? { displayName: p.display_name } : {}),
        ...(p.title ? { title: p.title } : {}),
        ...(p.email ? { email: p.email } : {}),
        ...(u.tz ? { timeZone: u.tz } : {}),
        isBot: u.is_bot ?? false,
        isAdmin: u.is_admin ?? false,
        deleted: u.deleted ?? false,
      };
    },
  });

  return [listChannels, history, replies, userInfo];
}
