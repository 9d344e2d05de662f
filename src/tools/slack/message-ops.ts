/**
 * Slack writes: `slack_post_message` (text and/or Block Kit blocks), `slack_post_alert` (severity-formatted),
 * `slack_update_message` and `slack_add_reaction`. All are `external` effects behind slack:write.
 */
import { z } from 'zod';
import { AppError, hasCode } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { alertMessage, SEVERITIES } from './alert-blocks.js';
import type { SlackClient } from './client.js';
import { blocksArg, channelArg, channelIdArg, emptyAnswer, postedAnswer, tsArg } from './schemas.js';
import { SLACK_DEPENDENCY } from './slack-errors.js';

const text = z.string().min(1).max(40_000);
const posted = z.object({
  channel: z.string().describe('Channel ID the message is in'),
  ts: z.string().describe('Timestamp (ID) of the message'),
});
const needsContent = (v: { text?: string | undefined; blocks?: unknown[] | undefined }) => v.text !== undefined || v.blocks !== undefined;

/** Build the four write operations. */
export function messageOps(client: SlackClient): Operation[] {
  const s = client.settings;
  const common = {
    permission: 'slack:write',
    effects: 'external' as const,
    dependency: SLACK_DEPENDENCY,
    timeoutMs: s.timeoutMs,
  };

  const postMessage = defineOperation({
    ...common,
    name: 'slack_post_message',
    title: 'Post a Slack message',
    description:
      'Post a message to a Slack channel (or a thread): text in Slack mrkdwn and/or Block Kit blocks (up to 50). With blocks, text is the ' +
      'notification fallback. Returns the channel ID and message ts for updates, reactions and replies.',
    input: z
      .object({
        channel: channelArg.describe('Channel ID (C0123ABCD) or #name the bot is a member of'),
        text: text.optional().describe('Message text (mrkdwn), at most 40 000 characters'),
        blocks: blocksArg.optional().describe('Block Kit blocks, e.g. [{"type":"section","text":{"type":"mrkdwn","text":"*hi*"}}]'),
        threadTs: tsArg.optional().describe('Reply in the thread of this message'),
        unfurlLinks: z.boolean().optional().describe('Let Slack unfurl links (Slack’s default applies when absent)'),
      })
      .refine(needsContent, { message: 'give text or blocks', path: ['text'] }),
    output: posted,
    http: { method: 'POST', path: '/api/slack/messages' },
    example: { channel: 'C0123ABCD', text: 'Deploy of *api* 1.4.2 finished :rocket:' },
    render: (o) => `Posted ${o.ts} in ${o.channel}.`,
    run: async (input, { signal }) => {
      const answer = await client.call(
        'chat.postMessage',
        { channel: input.channel, text: input.text, blocks: input.blocks, thread_ts: input.threadTs, unfurl_links: input.unfurlLinks },
        postedAnswer,
        { signal, write: true },
      );
      return { channel: answer.channel, ts: answer.ts };
    },
  });

  const postAlert = defineOperation({
    ...common,
    name: 'slack_post_alert',
    title: 'Post a Slack alert',
    description:
      'Post a formatted alert: a colour bar and emoji by severity (critical, error, warning, info, success), a header, the message, up ' +
      'to ten key/value fields and an optional link button. Goes to slack.defaultChannel unless a channel is given.',
    input: z.object({
      channel: channelArg.optional().describe('Channel ID or #name; default slack.defaultChannel'),
      severity: z.enum(SEVERITIES).describe('critical, error, warning, info or success'),
      title: z.string().min(1).max(140).describe('Short headline, e.g. "API error rate above 5%"'),
      message: z.string().min(1).max(2_900).describe('What happened and what to do (mrkdwn is escaped)'),
      fields: z
        .record(z.string().min(1).max(100), z.string().max(1_000))
        .refine((f) => Object.keys(f).length <= 10, 'at most 10 fields')
        .optional()
        .describe('Up to 10 key/value facts, e.g. {"service":"api","env":"production"}'),
      link: z
        .object({ url: z.url(), label: z.string().max(75).optional() })
        .optional()
        .describe('A button linking to a dashboard or runbook'),
      threadTs: tsArg.optional().describe('Post in the thread of this message (e.g. the original alert)'),
    }),
    output: posted,
    http: { method: 'POST', path: '/api/slack/alerts' },
    example: {
      severity: 'warning',
      title: 'Disk 85% full on db-1',
      message: 'Free space on /var/lib/postgresql is below 15%.',
      fields: { host: 'db-1' },
    },
    render: (o) => `Alert posted as ${o.ts} in ${o.channel}.`,
    run: async (input, { signal }) => {
      const channel = input.channel ?? s.defaultChannel;
      if (!channel) {
        throw new AppError('E_VALIDATION', 'No channel: give one or set slack.defaultChannel.', {
          issues: [{ path: 'channel', message: 'required when slack.defaultChannel is not set' }],
        });
      }
      const message = alertMessage({
        severity: input.severity,
        title: input.title,
        message: input.message,
        fields: input.fields,
        link: input.link,
      });
      const answer = await client.call('chat.postMessage', { channel, ...message, thread_ts: input.threadTs }, postedAnswer, {
        signal,
        write: true,
      });
      return { channel: answer.channel, ts: answer.ts };
    },
  });

  const updateMessage = defineOperation({
    ...common,
    name: 'slack_update_message',
    title: 'Update a Slack message',
    description: 'Replace the text and/or blocks of a message the bot posted earlier (e.g. mark an alert resolved).',
    input: z
      .object({
        channel: channelIdArg.describe('Channel ID of the message'),
        ts: tsArg.describe('Timestamp of the message to change'),
        text: text.optional().describe('New text (mrkdwn)'),
        blocks: blocksArg.optional().describe('New Block Kit blocks'),
      })
      .refine(needsContent, { message: 'give text or blocks', path: ['text'] }),
    output: posted,
    idempotent: true,
    http: { method: 'PATCH', path: '/api/slack/messages/:channel/:ts' },
    example: { channel: 'C0123ABCD', ts: '1712345678.123456', text: 'Resolved :white_check_mark:' },
    render: (o) => `Updated ${o.ts} in ${o.channel}.`,
    run: async (input, { signal }) => {
      const answer = await client.call(
        'chat.update',
        { channel: input.channel, ts: input.ts, text: input.text, blocks: input.blocks },
        postedAnswer,
        { signal, write: true },
      );
      return { channel: answer.channel, ts: answer.ts };
    },
  });

  const addReaction = defineOperation({
    ...common,
    name: 'slack_add_reaction',
    title: 'React to a Slack message',
    description: 'Add an emoji reaction to a message (e.g. eyes while looking into an alert). Reacting twice is not an error.',
    input: z.object({
      channel: channelIdArg.describe('Channel ID of the message'),
      ts: tsArg.describe('Timestamp of the message'),
      name: z
        .string()
        .regex(/^:?[a-z0-9_+'-]+(::skin-tone-[2-6])?:?$/, 'must be an emoji name like "eyes" or ":white_check_mark:"')
        .max(100)
        .describe('Emoji name, with or without colons'),
    }),
    output: z.object({ channel: z.string(), ts: z.string(), name: z.string(), alreadyReacted: z.boolean() }),
    idempotent: true,
    http: { method: 'POST', path: '/api/slack/messages/:channel/:ts/reactions' },
    example: { channel: 'C0123ABCD', ts: '1712345678.123456', name: 'eyes' },
    render: (o) => `:${o.name}: ${o.alreadyReacted ? 'was already on' : 'added to'} ${o.ts}.`,
    run: async (input, { signal }) => {
      const name = input.name.replace(/^:|:$/g, '');
      try {
        await client.call('reactions.add', { channel: input.channel, timestamp: input.ts, name }, emptyAnswer, { signal, write: true });
        return { channel: input.channel, ts: input.ts, name, alreadyReacted: false };
      } catch (e) {
        if (hasCode(e, 'E_CONFLICT')) return { channel: input.channel, ts: input.ts, name, alreadyReacted: true };
        throw e;
      }
    },
  });

  return [postMessage, postAlert, updateMessage, addReaction];
}
