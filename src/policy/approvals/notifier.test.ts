import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/helpers/app.js';
import { type ApprovalsFixture, openApprovals } from '../../../test/helpers/approvals.js';
import type { ApprovalWebhook } from '../../core/config/approvals.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { createResilience } from '../../resilience/create-resilience.js';
import { createHttpClient, type HttpClient } from '../../resilience/http-client.js';
import { createSsrfGuard } from '../../security/ssrf-guard.js';
import type { ApprovalView } from './approval-view.js';
import { type ApprovalEvent, createWebhookNotifier, WEBHOOK_HEADERS, webhookSignature } from './notifier.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver answering with the scripted statuses, then 204. */
async function startReceiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/approvals`, received, server };
}

const approval = { id: 'a-1', operation: 'testkit_delete', status: 'pending', arguments: { name: 'db' } } as unknown as ApprovalView;
const requested: ApprovalEvent = { type: 'approval.requested', approval };
const SECRET = 'a shared webhook secret';

describe('approval webhooks', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let http: HttpClient;
  let logs: ReturnType<typeof captureLogs>;

  const notifier = (webhooks: ApprovalWebhook[], allowLoopback = true) => {
    http = createHttpClient({ guard: createSsrfGuard(allowLoopback ? { allowCidrs: ['127.0.0.1/32'] } : {}) });
    return createWebhookNotifier({
      webhooks,
      http,
      // random() = 0: retries wait 0 ms, so the test needs no real waiting.
      resilience: createResilience({ clock: systemClock, random: () => 0 }),
      clock: systemClock,
      ids: systemIds,
      log: createLogger({ level: 'debug', format: 'json', stream: logs.stream }),
      timeoutMs: 5_000,
      retry: 'fast',
    });
  };
  const hook = (extra: Partial<ApprovalWebhook> = {}): ApprovalWebhook => ({
    url: receiver.url,
    events: ['approval.requested', 'approval.approved', 'approval.denied', 'approval.expired', 'approval.executed'],
    ...extra,
  });

  beforeEach(async () => {
    logs = captureLogs();
  });
  afterEach(async () => {
    await http?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('posts the event as JSON with event, delivery and timestamp headers', async () => {
    receiver = await startReceiver();
    await notifier([hook()]).notify(requested);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got?.headers).toMatchObject({ 'content-type': 'application/json', [WEBHOOK_HEADERS.event]: 'approval.requested' });
    expect(JSON.parse(got?.body ?? '')).toMatchObject({ event: 'approval.requested', approval: { id: 'a-1', arguments: { name: 'db' } } });
  });

  it('signs the body with the webhook secret', async () => {
    receiver = await startReceiver();
    await notifier([hook({ secret: SECRET })]).notify(requested);
    const [got] = receiver.received;
    const timestamp = String(got?.headers[WEBHOOK_HEADERS.timestamp]);
    expect(got?.headers[WEBHOOK_HEADERS.signature]).toBe(webhookSignature(SECRET, timestamp, got?.body ?? ''));
  });

  it('retries a failing receiver', async () => {
    receiver = await startReceiver([503]);
    await notifier([hook()]).notify(requested);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]?.headers[WEBHOOK_HEADERS.delivery]).toBe(receiver.received[1]?.headers[WEBHOOK_HEADERS.delivery]);
  });

  it('sends only the events a webhook subscribes to', async () => {
    receiver = await startReceiver();
    await notifier([hook({ events: ['approval.approved'] })]).notify(requested);
    expect(receiver.received).toEqual([]);
  });

  it('logs a delivery the SSRF guard blocks, without failing', async () => {
    receiver = await startReceiver();
    await expect(notifier([hook()], false).notify(requested)).resolves.toBeUndefined();
    expect(receiver.received).toEqual([]);
    expect(logs.lines.join('')).toContain('approval webhook delivery failed');
  });

  it('logs a receiver that keeps failing, without failing', async () => {
    receiver = await startReceiver([500, 500, 500, 500]);
    await expect(notifier([hook()]).notify(requested)).resolves.toBeUndefined();
    expect(logs.lines.join('')).toContain('"code":"E_UPSTREAM"');
  });
});

describe('approval service notifications', () => {
  let f: ApprovalsFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let http: HttpClient;
  afterEach(async () => {
    await f.cleanup();
    await http.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('announces a new request and its approval to the webhook', async () => {
    receiver = await startReceiver();
    http = createHttpClient({ guard: createSsrfGuard({ allowCidrs: ['127.0.0.1/32'] }) });
    const notifier = createWebhookNotifier({
      webhooks: [{ url: receiver.url, events: ['approval.requested', 'approval.approved'] }],
      http,
      resilience: createResilience({ clock: systemClock, random: () => 0 }),
      clock: systemClock,
      ids: systemIds,
      log: createLogger({ level: 'silent', format: 'json', stream: { write() {} } }),
      timeoutMs: 5_000,
      retry: 'fast',
    });
    f = await openApprovals('sqlite', { notifier });
    const requester = { id: 'u-alice', type: 'user' as const, name: 'alice', roles: ['operator'] };
    const { id } = await f.service.request({
      operation: 'testkit_delete',
      effects: 'destructive',
      input: { name: 'db', password: 'hunter2hunter2' },
      principal: requester,
      face: 'rest',
      reason: 'Needs approval.',
      rules: ['r1'],
    });
    await f.service.approve(id, { id: 'u-bob', type: 'user', name: 'bob', roles: ['admin'] });
    await f.service.idle();
    const events = receiver.received.map((r) => JSON.parse(r.body) as { event: string; approval: ApprovalView });
    // Deliveries run in parallel, so they may arrive in either order.
    expect(events.map((e) => `${e.event}:${e.approval.status}`).sort()).toEqual([
      'approval.approved:approved',
      'approval.requested:pending',
    ]);
    expect(receiver.received[0]?.body).not.toContain('hunter2');
  });
});
