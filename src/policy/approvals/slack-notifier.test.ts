/**
 * Approval events posted to Slack against the loopback Slack fake (test/fakes/slack.ts): what the message says,
 * threads, subscriptions, and failures that are logged and never reach the request they are about.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackFake, slackFailure, startSlackFake } from '../../../test/fakes/slack.js';
import { captureLogs } from '../../../test/helpers/app.js';
import { openApprovals } from '../../../test/helpers/approvals.js';
import { loopbackHttp } from '../../../test/helpers/loopback.js';
import { APPROVAL_EVENTS } from '../../core/config/approvals.js';
import { slackSchema } from '../../core/config/slack.js';
import { systemClock } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { createResilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { createSlackClient } from '../../tools/slack/client.js';
import type { ApprovalView } from './approval-view.js';
import { type ApprovalEventType, type ApprovalNotifier, combineNotifiers } from './notifier.js';
import { createSlackNotifier } from './slack-notifier.js';

const approval: ApprovalView = {
  id: 'apr_01J9Z',
  operation: 'kubernetes_delete_deployment',
  effects: 'destructive',
  status: 'pending',
  arguments: { namespace: 'shop', name: 'api', token: '[REDACTED]' },
  argsDigest: 'sha256:…',
  requester: { id: 'u-alice', type: 'user', name: 'alice' },
  face: 'mcp-http',
  reason: 'kubernetes_delete_deployment is destructive and "production" is a production environment.',
  rules: ['AX-01', 'prod-deletes'],
  quorum: 2,
  approvals: 0,
  votes: [],
  createdAt: '2026-11-27T09:00:00.000Z',
  expiresAt: '2026-11-27T10:00:00.000Z',
  decidedAt: null,
  executedAt: null,
  execution: null,
  link: 'https://ce.example.test/api/approvals/apr_01J9Z',
};
const approved: ApprovalView = {
  ...approval,
  status: 'approved',
  approvals: 2,
  votes: [
    { voter: { id: 'u-bob', type: 'user', name: 'bob' }, decision: 'approve', comment: 'checked the backup', at: '2026-11-27T09:05:00Z' },
  ],
};

let fake: SlackFake;
let http: HttpClient;
let logs: ReturnType<typeof captureLogs>;

beforeEach(async () => {
  fake = await startSlackFake();
  http = loopbackHttp();
  logs = captureLogs();
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

function notifier(options: { channel?: string; events?: ApprovalEventType[]; token?: string } = {}): ApprovalNotifier {
  const resilience = createResilience({ clock: systemClock, random: () => 0 });
  const settings = slackSchema.parse({ token: options.token ?? fake.token, baseUrl: fake.apiUrl, retry: 'fast' });
  return createSlackNotifier({
    slack: createSlackClient({ http, resilience, settings }),
    channel: options.channel ?? '#alerts',
    events: options.events ?? [...APPROVAL_EVENTS],
    resilience,
    log: createLogger({ level: 'debug', format: 'json', stream: logs.stream }),
    timeoutMs: 5_000,
  });
}

const posts = () => fake.requests.filter((r) => r.path === '/api/chat.postMessage');
const inAlerts = () => fake.workspace.messages.get('C0ALERTS') ?? [];
const textOf = (message: { text: string; blocks?: unknown[] }) => `${message.text}\n${JSON.stringify(message.blocks)}`;

describe('approval notifications on Slack', () => {
  it('posts a request with its operation, requester, reason, rules, expiry, id and link', async () => {
    await notifier().notify({ type: 'approval.requested', approval });
    const [message] = inAlerts();
    expect(message).toBeDefined();
    const text = textOf(message as { text: string; blocks?: unknown[] });
    expect(message?.text).toContain('Approval requested: kubernetes_delete_deployment');
    for (const part of ['alice', 'is destructive', '`AX-01`', '`prod-deletes`', '0/2', 'apr_01J9Z', '2026-11-27T10:00:00.000Z']) {
      expect(text).toContain(part);
    }
    expect(message?.blocks).toContainEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open request' }, url: approval.link }],
    });
    expect(posts()[0]?.headers.authorization).toBe(`Bearer ${fake.token}`);
  });

  it('never includes the arguments', async () => {
    await notifier().notify({ type: 'approval.requested', approval });
    expect(JSON.stringify(posts()[0]?.args)).not.toContain('namespace');
  });

  it('posts later events of a request into its thread, with who decided', async () => {
    const n = notifier();
    await n.notify({ type: 'approval.requested', approval });
    await n.notify({ type: 'approval.approved', approval: approved });
    const [parent, reply] = inAlerts();
    expect(reply?.thread_ts).toBe(parent?.ts);
    expect(textOf(reply as { text: string; blocks?: unknown[] })).toContain('bob: checked the backup');
    expect(parent?.reply_count).toBe(1);
  });

  it('threads a decision that arrives while the request is still being posted, after it', async () => {
    const n = notifier();
    await Promise.all([
      n.notify({ type: 'approval.requested', approval }),
      n.notify({ type: 'approval.approved', approval: approved }),
      n.notify({ type: 'approval.executed', approval: { ...approved, status: 'executed' } }),
    ]);
    const [parent, ...replies] = inAlerts();
    expect(parent?.text).toContain('Approval requested');
    expect(replies.map((r) => [r.text.split(':')[0], r.thread_ts])).toEqual([
      ['Approved', parent?.ts],
      ['Executed', parent?.ts],
    ]);
  });

  it('posts an event of a request it did not announce at the top level', async () => {
    await notifier().notify({ type: 'approval.denied', approval: { ...approval, status: 'denied' } });
    expect(inAlerts()[0]?.thread_ts).toBeUndefined();
  });

  it('posts only the events it subscribes to', async () => {
    await notifier({ events: ['approval.requested'] }).notify({ type: 'approval.approved', approval: approved });
    expect(posts()).toEqual([]);
  });

  it('leaves out the button when the link is not absolute', async () => {
    await notifier().notify({ type: 'approval.requested', approval: { ...approval, link: '/api/approvals/apr_01J9Z' } });
    expect(inAlerts()[0]?.blocks?.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
  });

  it('escapes Slack control characters in text it did not write', async () => {
    await notifier().notify({
      type: 'approval.requested',
      approval: { ...approval, reason: 'see <!channel> & <https://evil.example|here>' },
    });
    const text = textOf(inAlerts()[0] as { text: string; blocks?: unknown[] });
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|here&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('logs a refused post and resolves', async () => {
    await expect(notifier({ channel: '#nowhere' }).notify({ type: 'approval.requested', approval })).resolves.toBeUndefined();
    expect(logs.lines.join('')).toContain('approval Slack notification failed');
    expect(logs.lines.join('')).toContain('"code":"E_NOT_FOUND"');
  });

  it('logs a Slack outage and resolves', async () => {
    fake.enqueue({ status: 503, text: 'down' }, { status: 503, text: 'down' }, { status: 503, text: 'down' });
    await expect(notifier().notify({ type: 'approval.requested', approval })).resolves.toBeUndefined();
    expect(logs.lines.join('')).toContain('approval Slack notification failed');
  });

  it('logs a bad token without showing it', async () => {
    await notifier({ token: 'xoxb-wrong-token-1234' }).notify({ type: 'approval.requested', approval });
    expect(logs.lines.join('')).toContain('approval Slack notification failed');
    expect(logs.lines.join('')).not.toContain('xoxb-wrong-token-1234');
  });

  it('still tells the other notifiers when Slack fails', async () => {
    fake.enqueue(slackFailure('channel_not_found'));
    const seen: string[] = [];
    const webhook: ApprovalNotifier = { notify: async (e) => void seen.push(e.type) };
    await combineNotifiers([notifier(), webhook]).notify({ type: 'approval.requested', approval });
    expect(seen).toEqual(['approval.requested']);
  });
});

describe('approval service with the Slack notifier', () => {
  it('creates the request and answers while Slack is down, then logs the failure', async () => {
    fake.enqueue({ status: 500, text: 'oops' });
    const f = await openApprovals('sqlite', { notifier: notifier() });
    try {
      const created = await f.service.request({
        operation: 'testkit_delete',
        effects: 'destructive',
        input: { name: 'db', password: 'hunter2hunter2' },
        principal: { id: 'u-alice', type: 'user', name: 'alice', roles: ['operator'] },
        face: 'rest',
        reason: 'Needs approval.',
        rules: ['r1'],
      });
      expect(created.status).toBe('pending');
      await f.service.idle();
      expect(logs.lines.join('')).toContain('approval Slack notification failed');
      expect(JSON.stringify(posts())).not.toContain('hunter2');
    } finally {
      await f.cleanup();
    }
  });

  it('announces a request and its approval in one thread', async () => {
    const f = await openApprovals('sqlite', { notifier: notifier() });
    try {
      const { id } = await f.service.request({
        operation: 'testkit_delete',
        effects: 'destructive',
        input: { name: 'db' },
        principal: { id: 'u-alice', type: 'user', name: 'alice', roles: ['operator'] },
        face: 'rest',
        reason: 'Needs approval.',
        rules: ['r1'],
      });
      await f.service.idle();
      await f.service.approve(id, { id: 'u-bob', type: 'user', name: 'bob', roles: ['admin'] }, 'fine');
      await f.service.idle();
      const [parent, reply] = inAlerts();
      expect(parent?.text).toContain(`Approval requested: testkit_delete`);
      expect(parent?.text).toContain(id);
      expect(reply).toMatchObject({ thread_ts: parent?.ts });
      expect(reply?.text).toContain('Approved: testkit_delete');
    } finally {
      await f.cleanup();
    }
  });
});
