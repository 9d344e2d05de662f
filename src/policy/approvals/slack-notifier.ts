/**
 * Approval events posted to a Slack channel with the `slack` tool server's client (bot token, retries on 429).
 * Later events of a request this process announced go into the thread of its first message. A failed post is
 * logged and never blocks or fails the request it is about.
 */
import { z } from 'zod';
import { toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { SlackClient } from '../../tools/slack/client.js';
import type { ApprovalEvent, ApprovalEventType, ApprovalNotifier } from './notifier.js';
import { approvalSlackMessage } from './slack-message.js';

/** Threads remembered per process (one entry per announced request); the oldest are forgotten first. */
const MAX_THREADS = 1_000;
/** The breaker and bulkhead the slack_* tools run under: a Slack outage fails notifications fast too. */
const SLACK_DEPENDENCY = 'slack';

const posted = z.looseObject({ channel: z.string(), ts: z.string() });

export interface SlackNotifierOptions {
  slack: Pick<SlackClient, 'call'>;
  /** Channel ID or #name. */
  channel: string;
  events: readonly ApprovalEventType[];
  resilience: Pick<Resilience, 'run'>;
  log: Logger;
  /** Limit of one post, retries included. */
  timeoutMs: number;
}

/**
 * Post each subscribed event to `channel`.
 * @example createSlackNotifier({ slack: createSlackClient({ http, resilience, settings: config.slack }), channel: '#approvals', events, resilience, log, timeoutMs: 10_000 })
 */
export function createSlackNotifier(options: SlackNotifierOptions): ApprovalNotifier {
  /** Per announced request: the ts of its first message (undefined when that post failed) and the last post queued. */
  const threads = new Map<string, { ts: Promise<string | undefined>; tail: Promise<void> }>();

  async function send(event: ApprovalEvent, parent: string | undefined): Promise<string> {
    const { text, blocks } = approvalSlackMessage(event);
    const args = {
      channel: options.channel,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(parent ? { thread_ts: parent } : {}),
    };
    const answer = await options.resilience.run(
      SLACK_DEPENDENCY,
      ({ signal }) => options.slack.call('chat.postMessage', args, posted, { signal, write: true }),
      { timeoutMs: options.timeoutMs },
    );
    return answer.ts;
  }

  /** Post, logging a failure instead of throwing; the message's ts when it was posted. */
  const sendLogged = (event: ApprovalEvent, parent: string | undefined): Promise<string | undefined> =>
    send(event, parent).catch((e: unknown) => {
      const error = toAppError(e);
      options.log.warn(
        { channel: options.channel, event: event.type, approvalId: event.approval.id, code: error.code, err: error.message },
        'approval Slack notification failed',
      );
      return undefined;
    });

  return {
    async notify(event) {
      if (!options.events.includes(event.type)) return;
      const id = event.approval.id;
      if (event.type === 'approval.requested') {
        const ts = sendLogged(event, undefined);
        if (threads.size >= MAX_THREADS) threads.delete(threads.keys().next().value as string);
        threads.set(id, { ts, tail: ts.then(() => undefined) });
        await ts;
        return;
      }
      const thread = threads.get(id);
      if (!thread) {
        await sendLogged(event, undefined);
        return;
      }
      // Notifications run in the background and may overlap: a decision waits for the request's own message, so
      // it can go into that thread, and a request's events are posted in the order they happened.
      const next = thread.tail.then(async () => {
        await sendLogged(event, await thread.ts);
      });
      thread.tail = next;
      await next;
    },
  };
}
