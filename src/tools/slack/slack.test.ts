/**
 * The slack_* tools through the gateway against the loopback Slack fake (test/fakes/slack.ts): what goes on the
 * wire, what comes back, and how Slack's refusals and rate limits reach the caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackFake, slackFailure, slackRateLimited, startSlackFake } from '../../../test/fakes/slack.js';
import { failure } from '../../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { outboundDeps } from '../../../test/helpers/loopback.js';
import { slackSchema } from '../../core/config/slack.js';
import { slackToolServer } from './index.js';

let fake: SlackFake;
let t: TestGateway;
beforeEach(async () => {
  fake = await startSlackFake();
  t = await gateway({});
});
afterEach(async () => {
  await t.cleanup();
  await fake.close();
});

async function gateway(settings: Record<string, unknown>): Promise<TestGateway> {
  const { http, resilience } = outboundDeps();
  const parsed = slackSchema.parse({ token: fake.token, baseUrl: fake.apiUrl, defaultChannel: 'C0ALERTS', ...settings });
  return createTestGateway({ servers: [slackToolServer({ http, resilience, settings: parsed })] });
}

const call = (name: string, input: unknown, role = 'operator') =>
  t.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

const last = () => fake.requests.at(-1)!;

describe('slack_post_message', () => {
  it('posts text and blocks as JSON with the bot token', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Deploy* done' } }];
    const { output } = await call('slack_post_message', { channel: 'C0GENERAL', text: 'Deploy done', blocks });
    const { ts } = output as { channel: string; ts: string };
    expect(output).toEqual({ channel: 'C0GENERAL', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(last().path).toBe('/api/chat.postMessage');
    expect(last().headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(last().headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fake.workspace.messages.get('C0GENERAL')?.find((m) => m.ts === ts)).toMatchObject({ text: 'Deploy done', blocks });
  });

  it('resolves a #name and replies in a thread', async () => {
    const parent = fake.workspace.seed('C0GENERAL', 'question');
    const { output } = await call('slack_post_message', { channel: '#general', text: 'answer', threadTs: parent.ts });
    expect((output as { channel: string }).channel).toBe('C0GENERAL');
    expect(parent.reply_count).toBe(1);
  });

  it('refuses a call with neither text nor blocks', async () => {
    const e = await failure(call('slack_post_message', { channel: 'C0GENERAL' }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('give text or blocks');
    expect(fake.requests).toHaveLength(0);
  });

  it('maps channel_not_found to E_NOT_FOUND with a hint', async () => {
    const e = await failure(call('slack_post_message', { channel: 'C0MISSING', text: 'hi' }));
    expect(e.code).toBe('E_NOT_FOUND');
    expect(e.message).toContain('slack_list_channels');
  });

  it('maps not_in_channel to E_FORBIDDEN telling to invite the bot', async () => {
    const e = await failure(call('slack_post_message', { channel: 'C0RANDOM', text: 'hi' }));
    expect(e.code).toBe('E_FORBIDDEN');
    expect(e.message).toContain('invite the bot');
  });

  it('passes Slack’s block errors back as E_VALIDATION', async () => {
    const e = await failure(call('slack_post_message', { channel: 'C0GENERAL', blocks: [{ type: 'sparkles' }] }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('json-pointer:/blocks/0/type');
  });

  it('reports a refused token as an upstream error naming slack.token, never the token', async () => {
    await t.cleanup();
    t = await gateway({ token: 'xoxb-wrong-token-value' });
    const e = await failure(call('slack_post_message', { channel: 'C0GENERAL', text: 'hi' }));
    expect(e).toMatchObject({ code: 'E_UPSTREAM', retryable: false, details: { slackError: 'invalid_auth', reason: 'upstream_auth' } });
    expect(e.message).toContain('slack.token');
    expect(e.message).not.toContain('xoxb-wrong');
  });

  it('retries a post after a 429 with Retry-After 0', async () => {
    fake.enqueue(slackRateLimited(0));
    const { output } = await call('slack_post_message', { channel: 'C0GENERAL', text: 'hi' });
    expect((output as { ts: string }).ts).toBeDefined();
    expect(fake.requests.filter((r) => r.path === '/api/chat.postMessage')).toHaveLength(2);
  });

  it('answers E_RATE_LIMITED with the wait when Retry-After exceeds the retry budget', async () => {
    fake.enqueue(slackRateLimited(120));
    const e = await failure(call('slack_post_message', { channel: 'C0GENERAL', text: 'hi' }));
    expect(e.code).toBe('E_RATE_LIMITED');
    expect(e.retryAfterMs).toBe(120_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('never retries a post after a 5xx, which may have been delivered', async () => {
    fake.enqueue({ status: 500, text: 'upstream connect error' });
    expect((await failure(call('slack_post_message', { channel: 'C0GENERAL', text: 'hi' }))).code).toBe('E_UPSTREAM');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('slack_post_alert', () => {
  it('posts a coloured, severity-formatted alert to the default channel', async () => {
    const { output } = await call('slack_post_alert', {
      severity: 'critical',
      title: 'API down',
      message: 'p99 > 5 s <for> 10 min',
      fields: { service: 'api' },
      link: { url: 'https://grafana.example.com/d/api', label: 'Dashboard' },
    });
    expect((output as { channel: string }).channel).toBe('C0ALERTS');
    const args = last().args as { text: string; attachments: Array<{ color: string; blocks: Array<Record<string, unknown>> }> };
    expect(args.text).toBe('[CRITICAL] API down');
    expect(args.attachments[0]?.color).toBe('#8B0000');
    expect(JSON.stringify(args.attachments[0]?.blocks)).toContain('p99 &gt; 5 s &lt;for&gt; 10 min');
    expect(args.attachments[0]?.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
  });

  it('refuses an unknown severity', async () => {
    expect((await failure(call('slack_post_alert', { severity: 'meh', title: 't', message: 'm' }))).code).toBe('E_VALIDATION');
  });

  it('needs a channel when no default is configured', async () => {
    await t.cleanup();
    t = await gateway({ defaultChannel: undefined });
    const e = await failure(call('slack_post_alert', { severity: 'info', title: 't', message: 'm' }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('slack.defaultChannel');
  });
});

describe('slack_update_message and slack_add_reaction', () => {
  it('updates a message the bot posted', async () => {
    const { output } = await call('slack_post_message', { channel: 'C0ALERTS', text: 'firing' });
    const { ts } = output as { ts: string };
    await call('slack_update_message', { channel: 'C0ALERTS', ts, text: 'resolved' });
    expect(fake.workspace.messages.get('C0ALERTS')?.find((m) => m.ts === ts)?.text).toBe('resolved');
  });

  it('refuses to update someone else’s message', async () => {
    const m = fake.workspace.seed('C0GENERAL', 'mine');
    expect((await failure(call('slack_update_message', { channel: 'C0GENERAL', ts: m.ts, text: 'x' }))).code).toBe('E_FORBIDDEN');
  });

  it('refuses a malformed timestamp', async () => {
    expect((await failure(call('slack_update_message', { channel: 'C0GENERAL', ts: 'yesterday', text: 'x' }))).code).toBe('E_VALIDATION');
  });

  it('adds a reaction, and a second time reports it was already there', async () => {
    const m = fake.workspace.seed('C0GENERAL', 'alert');
    expect((await call('slack_add_reaction', { channel: 'C0GENERAL', ts: m.ts, name: ':eyes:' })).output).toMatchObject({
      name: 'eyes',
      alreadyReacted: false,
    });
    expect((await call('slack_add_reaction', { channel: 'C0GENERAL', ts: m.ts, name: 'eyes' })).output).toMatchObject({
      alreadyReacted: true,
    });
    expect(m.reactions).toEqual(['eyes']);
  });

  it('maps a missing message to E_NOT_FOUND', async () => {
    expect((await failure(call('slack_add_reaction', { channel: 'C0GENERAL', ts: '1700000000.000001', name: 'eyes' }))).code).toBe(
      'E_NOT_FOUND',
    );
  });
});

describe('slack reads', () => {
  it('lists channels as a form-encoded call, paginated', async () => {
    const first = (await call('slack_list_channels', { limit: 2 }, 'operator')).output as {
      channels: Array<{ id: string }>;
      nextCursor?: string;
    };
    expect(first.channels.map((c) => c.id)).toEqual(['C0GENERAL', 'C0ALERTS']);
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    const second = (await call('slack_list_channels', { limit: 2, cursor: first.nextCursor })).output as {
      channels: Array<{ id: string }>;
      nextCursor?: string;
    };
    expect(second.channels.map((c) => c.id)).toEqual(['C0RANDOM']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('reads channel history newest first', async () => {
    fake.workspace.seed('C0GENERAL', 'one');
    fake.workspace.seed('C0GENERAL', 'two');
    const { output, text } = await call('slack_channel_history', { channel: 'C0GENERAL' });
    expect((output as { messages: Array<{ text: string; user: string }> }).messages.map((m) => m.text)).toEqual(['two', 'one']);
    expect(text).toContain('U0ALICE: two');
  });

  it('reads a thread, parent first', async () => {
    const parent = fake.workspace.seed('C0GENERAL', 'parent');
    await call('slack_post_message', { channel: 'C0GENERAL', text: 'reply', threadTs: parent.ts });
    const { output } = await call('slack_thread_replies', { channel: 'C0GENERAL', ts: parent.ts });
    expect((output as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toEqual(['parent', 'reply']);
  });

  it('maps an unknown thread to E_NOT_FOUND', async () => {
    expect((await failure(call('slack_thread_replies', { channel: 'C0GENERAL', ts: '1700000000.000001' }))).code).toBe('E_NOT_FOUND');
  });

  it('reads a user', async () => {
    const { output } = await call('slack_user_info', { user: 'U0ALICE' });
    expect(output).toMatchObject({ id: 'U0ALICE', name: 'alice', realName: 'Alice Example', title: 'SRE', isAdmin: true, isBot: false });
  });

  it('names the scope the token lacks', async () => {
    fake.enqueue(slackFailure('missing_scope', { needed: 'users:read', provided: 'chat:write' }));
    const e = await failure(call('slack_user_info', { user: 'U0ALICE' }));
    expect(e).toMatchObject({ code: 'E_UPSTREAM', retryable: false });
    expect(e.message).toContain('users:read');
  });

  it('retries a read after Slack’s internal_error', async () => {
    fake.enqueue(slackFailure('internal_error'));
    expect((await call('slack_user_info', { user: 'U0ALICE' })).output).toMatchObject({ id: 'U0ALICE' });
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a read after a 503', async () => {
    fake.enqueue({ status: 503, text: 'service unavailable' });
    expect((await call('slack_user_info', { user: 'U0ALICE' })).output).toMatchObject({ id: 'U0ALICE' });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('slack_upload_file', () => {
  it('runs the external upload flow and shares the file', async () => {
    const { output } = await call('slack_upload_file', {
      channel: 'C0GENERAL',
      filename: 'deploy.log',
      content: 'step 1 ok\nstep 2 ok\n',
      initialComment: 'Deploy log',
    });
    expect(output).toMatchObject({ fileId: 'F0FILE1', title: 'deploy.log', permalink: expect.stringContaining('F0FILE1') });
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/api/files.getUploadURLExternal',
      '/upload/v1/F0FILE1',
      '/api/files.completeUploadExternal',
    ]);
    expect(fake.requests[1]?.headers.authorization).toBeUndefined();
    expect(fake.workspace.uploads.get('F0FILE1')?.bytes?.toString()).toBe('step 1 ok\nstep 2 ok\n');
    expect(fake.workspace.messages.get('C0GENERAL')?.at(-1)).toMatchObject({ text: 'Deploy log', files: [{ id: 'F0FILE1' }] });
  });

  it('uploads base64 content as bytes', async () => {
    await call('slack_upload_file', { channel: 'C0GENERAL', filename: 'a.bin', contentBase64: Buffer.from('hello').toString('base64') });
    expect(fake.workspace.uploads.get('F0FILE1')?.bytes?.toString()).toBe('hello');
  });

  it('refuses content larger than slack.maxUploadBytes before calling Slack', async () => {
    await t.cleanup();
    t = await gateway({ maxUploadBytes: 4 });
    expect((await failure(call('slack_upload_file', { channel: 'C0GENERAL', filename: 'a.txt', content: 'too long' }))).code).toBe(
      'E_PAYLOAD_TOO_LARGE',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses both content and contentBase64', async () => {
    const e = await failure(call('slack_upload_file', { channel: 'C0GENERAL', filename: 'a.txt', content: 'x', contentBase64: 'eA==' }));
    expect(e.code).toBe('E_VALIDATION');
  });
});
