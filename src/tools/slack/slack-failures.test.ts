import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { closedPort, outboundDeps } from '../../../test/helpers/loopback.js';
import { slackSchema } from '../../core/config/slack.js';
import { slackToolServer } from './index.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function gateway(settings: Record<string, unknown>) {
  const { http, resilience } = outboundDeps();
  t = await createTestGateway({ servers: [slackToolServer({ http, resilience, settings: slackSchema.parse(settings) })] });
}

const call = (name: string, input: unknown, role = 'operator') =>
  t!.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

const TS = '1712345678.000100';
/** Each tool, its permission, valid arguments and arguments it must refuse. */
const TOOLS: Array<[name: string, permission: string, valid: Record<string, unknown>, bad: Record<string, unknown>]> = [
  ['slack_post_message', 'slack:write', { channel: 'C0GENERAL', text: 'hi' }, { channel: 'general', text: 'hi' }],
  [
    'slack_post_alert',
    'slack:write',
    { channel: 'C0ALERTS', severity: 'info', title: 't', message: 'm' },
    { severity: 'info', title: '', message: 'm' },
  ],
  ['slack_update_message', 'slack:write', { channel: 'C0GENERAL', ts: TS, text: 'x' }, { channel: 'C0GENERAL', ts: TS }],
  [
    'slack_add_reaction',
    'slack:write',
    { channel: 'C0GENERAL', ts: TS, name: 'eyes' },
    { channel: 'C0GENERAL', ts: TS, name: 'two words' },
  ],
  ['slack_list_channels', 'slack:read', {}, { limit: 5000 }],
  ['slack_channel_history', 'slack:read', { channel: 'C0GENERAL' }, { channel: '#general' }],
  ['slack_thread_replies', 'slack:read', { channel: 'C0GENERAL', ts: TS }, { channel: 'C0GENERAL' }],
  ['slack_user_info', 'slack:read', { user: 'U0ALICE' }, { user: 'alice' }],
  [
    'slack_upload_file',
    'slack:write',
    { channel: 'C0GENERAL', filename: 'a.txt', content: 'x' },
    { channel: 'C0GENERAL', filename: '../a.txt', content: 'x' },
  ],
];

describe('slack tools, failures', () => {
  it.each(TOOLS)('%s refuses bad arguments with E_VALIDATION', async (name, _p, _valid, bad) => {
    await gateway({ token: 'xoxb-unused', baseUrl: 'http://127.0.0.1:9/api' });
    const e = await failure(call(name, bad));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain(name);
  });

  it.each(TOOLS)('%s is denied to a viewer (needs %s)', async (name, permission, valid) => {
    await gateway({ token: 'xoxb-unused', baseUrl: 'http://127.0.0.1:9/api' });
    const e = await failure(call(name, valid, 'viewer'));
    expect(e.code).toBe('E_FORBIDDEN');
    expect(e.message).toContain(permission);
  });

  it.each(TOOLS)('%s says when slack.token is not set', async (name, _p, valid) => {
    await gateway({});
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UNAVAILABLE');
    expect(e.message).toContain('slack.token is not set');
  });

  it('keeps saying the token is missing, however often it is called (nothing reached Slack, the breaker stays closed)', async () => {
    await gateway({});
    const [name, , valid] = TOOLS[0]!;
    for (let i = 0; i < 8; i++) expect((await failure(call(name, valid))).code).toBe('E_UNAVAILABLE');
  });

  it.each(TOOLS)('%s reports an unreachable Slack as E_UPSTREAM', async (name, _p, valid) => {
    await gateway({ token: 'xoxb-test', baseUrl: `http://127.0.0.1:${await closedPort()}/api` });
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UPSTREAM');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('opens the slack breaker after repeated failures, for every tool', async () => {
    await gateway({ token: 'xoxb-test', baseUrl: `http://127.0.0.1:${await closedPort()}/api` });
    for (let i = 0; i < 5; i++) expect((await failure(call('slack_user_info', { user: 'U0ALICE' }))).code).toBe('E_UPSTREAM');
    const e = await failure(call('slack_post_message', { channel: 'C0GENERAL', text: 'hi' }));
    expect(e.code).toBe('E_CIRCUIT_OPEN');
    expect(e.message).toContain('"slack"');
  });
});
