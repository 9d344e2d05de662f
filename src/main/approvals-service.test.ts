/**
 * How the approval notifiers are built from config: webhooks and Slack together, and refusals when approvals.slack
 * cannot post (no token, no channel).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackFake, startSlackFake } from '../../test/fakes/slack.js';
import { loopbackHttp } from '../../test/helpers/loopback.js';
import { loadConfig } from '../core/config/load.js';
import type { Config } from '../core/config/schema.js';
import { systemClock, systemIds } from '../core/deps.js';
import { createLogger } from '../core/logger.js';
import type { ApprovalView } from '../policy/approvals/approval-view.js';
import { createResilience } from '../resilience/create-resilience.js';
import type { HttpClient } from '../resilience/http-client.js';
import { approvalNotifier } from './approvals-service.js';

const log = createLogger({ level: 'silent', format: 'json', stream: { write() {} } });
const approval = {
  id: 'apr-1',
  operation: 'testkit_delete',
  effects: 'destructive',
  status: 'pending',
  requester: { id: 'u-alice', type: 'user', name: 'alice' },
  face: 'rest',
  reason: 'Needs approval.',
  rules: ['r1'],
  quorum: 1,
  approvals: 0,
  votes: [],
  expiresAt: '2026-11-27T10:00:00.000Z',
  link: '/api/approvals/apr-1',
} as Partial<ApprovalView> as ApprovalView;

let fake: SlackFake;
let http: HttpClient;
beforeEach(async () => {
  fake = await startSlackFake();
  http = loopbackHttp();
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

function config(overrides: Record<string, string>): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'ce-approvals-notifier-'));
  return loadConfig({ env: {}, cwd: dataDir, overrides: { dataDir, ...overrides } }).config;
}
const build = (c: Config) =>
  approvalNotifier(
    {
      deps: { config: c, log, clock: systemClock, ids: systemIds },
      config: c,
      http,
      resilience: createResilience({ clock: systemClock, random: () => 0 }),
    },
    log,
  );

describe('approval notifiers from config', () => {
  it('posts to the approvals channel when approvals.slack is set', async () => {
    const c = config({ 'slack.token': fake.token, 'slack.baseUrl': fake.apiUrl, 'approvals.slack.channel': '#alerts' });
    await build(c).notify({ type: 'approval.requested', approval });
    expect(fake.workspace.messages.get('C0ALERTS')?.[0]?.text).toContain('Approval requested: testkit_delete');
  });

  it('falls back to slack.defaultChannel', async () => {
    const c = config({
      'slack.token': fake.token,
      'slack.baseUrl': fake.apiUrl,
      'slack.defaultChannel': 'C0GENERAL',
      'approvals.slack.events': JSON.stringify(['approval.requested']),
    });
    await build(c).notify({ type: 'approval.requested', approval });
    expect(fake.workspace.messages.get('C0GENERAL')).toHaveLength(1);
  });

  it('posts nothing to Slack without approvals.slack, even with a token', async () => {
    const c = config({ 'slack.token': fake.token, 'slack.baseUrl': fake.apiUrl, 'slack.defaultChannel': 'C0GENERAL' });
    await build(c).notify({ type: 'approval.requested', approval });
    expect(fake.requests).toEqual([]);
  });

  it('refuses approvals.slack without a bot token', () => {
    expect(() => build(config({ 'approvals.slack.channel': '#alerts' }))).toThrow(/approvals\.slack needs a Slack bot token/);
  });

  it('refuses approvals.slack without a channel', () => {
    expect(() => build(config({ 'slack.token': fake.token, 'approvals.slack.events': JSON.stringify(['approval.requested']) }))).toThrow(
      /approvals\.slack needs a channel/,
    );
  });
});
