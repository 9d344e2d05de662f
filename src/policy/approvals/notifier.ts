/**
 * Telling people about approval events. One interface with two implementations — signed webhooks through the
 * SSRF-guarded HTTP client, with retry (here), and Slack posts (slack-notifier.ts) — combined with
 * `combineNotifiers`. A failed delivery is logged and never blocks or fails the request it is about.
 */
import { createHmac } from 'node:crypto';
import type { ApprovalWebhook } from '../../core/config/approvals.js';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { redactUrl } from '../../security/redact.js';
import type { ApprovalView } from './approval-view.js';

/** What happened to a request. */
export type ApprovalEventType = 'approval.requested' | 'approval.approved' | 'approval.denied' | 'approval.expired' | 'approval.executed';

/** One event about one request. */
export interface ApprovalEvent {
  type: ApprovalEventType;
  approval: ApprovalView;
}

/** Where events go. `notify` settles when delivery is done or given up; it never rejects. */
export interface ApprovalNotifier {
  notify(event: ApprovalEvent): Promise<void>;
}

/** Tells nobody (the default without webhooks). */
export const silentNotifier: ApprovalNotifier = { notify: async () => {} };

/**
 * Tell every notifier, in parallel; settles when all have (none rejects, by contract).
 * @example combineNotifiers([createWebhookNotifier(...), createSlackNotifier(...)])
 */
export function combineNotifiers(notifiers: readonly ApprovalNotifier[]): ApprovalNotifier {
  if (notifiers.length === 0) return silentNotifier;
  if (notifiers.length === 1) return notifiers[0] as ApprovalNotifier;
  return {
    async notify(event) {
      await Promise.all(notifiers.map((n) => n.notify(event)));
    },
  };
}

export interface WebhookNotifierOptions {
  webhooks: readonly ApprovalWebhook[];
  http: Pick<HttpClient, 'request'>;
  resilience: Pick<Resilience, 'run'>;
  clock: Clock;
  ids: Ids;
  log: Logger;
  /** Limit of one delivery, retries included. */
  timeoutMs: number;
  /** Retry preset name (resilience.retry presets). */
  retry: string;
}

/** Header names of a delivery. */
export const WEBHOOK_HEADERS = {
  event: 'x-code-engine-event',
  delivery: 'x-code-engine-delivery',
  timestamp: 'x-code-engine-timestamp',
  signature: 'x-code-engine-signature',
} as const;

/**
 * `sha256=<hex>` HMAC of `<timestamp>.<body>`: receivers recompute it with the shared secret and reject old
 * timestamps, so a captured delivery cannot be replayed later.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * POST each event as JSON to every webhook subscribed to it, signed when the webhook has a secret.
 * @example createWebhookNotifier({ webhooks: config.approvals.webhooks, http: services.http, resilience, clock, ids, log, timeoutMs: 10_000, retry: 'standard' })
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): ApprovalNotifier {
  async function deliver(hook: ApprovalWebhook, event: ApprovalEvent): Promise<void> {
    const deliveryId = options.ids.uuid();
    const now = options.clock.now();
    const body = JSON.stringify({ id: deliveryId, event: event.type, sentAt: new Date(now).toISOString(), approval: event.approval });
    const timestamp = String(Math.floor(now / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'code-engine-approvals',
      [WEBHOOK_HEADERS.event]: event.type,
      [WEBHOOK_HEADERS.delivery]: deliveryId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      ...(hook.secret ? { [WEBHOOK_HEADERS.signature]: webhookSignature(hook.secret, timestamp, body) } : {}),
    };
    const host = new URL(hook.url).host;
    await options.resilience.run(
      `webhook:${host}`,
      async ({ signal }) => {
        // No redirects: a webhook that moves must be reconfigured, not followed with a signed body.
        const res = await options.http.request(hook.url, { method: 'POST', headers, body, signal, followRedirects: false });
        if (res.status >= 200 && res.status < 300) return;
        throw new AppError('E_UPSTREAM', `Webhook ${redactUrl(hook.url)} answered ${res.status}.`, {
          retryable: RETRYABLE_STATUSES.has(res.status),
          details: { status: res.status },
        });
      },
      { retry: options.retry, timeoutMs: options.timeoutMs },
    );
  }

  return {
    async notify(event) {
      const targets = options.webhooks.filter((h) => h.events.includes(event.type));
      await Promise.all(
        targets.map((hook) =>
          deliver(hook, event).catch((e: unknown) => {
            const error = toAppError(e);
            options.log.warn(
              { webhook: redactUrl(hook.url), event: event.type, approvalId: event.approval.id, code: error.code, err: error.message },
              'approval webhook delivery failed',
            );
          }),
        ),
      );
    },
  };
}
