/**
 * Builds the approval service from config and the shared services: arguments sealed with the secrets-at-rest box,
 * the shared redactor, webhooks through the SSRF-guarded client with retry, Slack posts with the slack tool
 * server's client, links under server.publicUrl.
 */
import type { AuditSink } from '../auth/principal.js';
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import {
  type ApprovalNotifier,
  type ApprovalService,
  combineNotifiers,
  createApprovalService,
  createSlackNotifier,
  createWebhookNotifier,
} from '../policy/approvals/index.js';
import type { HttpClient } from '../resilience/http-client.js';
import type { Resilience } from '../resilience/index.js';
import { createSlackClient } from '../tools/slack/index.js';
import type { SecurityServices } from './security-services.js';

export interface ApprovalsBase {
  deps: Deps;
  config: Config;
  db: Database;
  audit: AuditSink;
  security: SecurityServices;
  http: HttpClient;
  resilience: Resilience;
}

/** Where a request is shown: `<publicUrl>/api/approvals/<id>` (the bound address, or a path when the port is picked at start). */
export function approvalLink(config: Config): (id: string) => string {
  const { publicUrl, host, port } = config.server;
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : port === 0 ? '' : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return (id) => `${base}/api/approvals/${encodeURIComponent(id)}`;
}

/**
 * Webhooks and Slack, as configured. Throws E_CONFIG when approvals.slack is set without slack.token or a channel
 * (approvals.slack.channel or slack.defaultChannel): a silent notifier would hide approval requests.
 */
export function approvalNotifier(base: Pick<ApprovalsBase, 'deps' | 'config' | 'http' | 'resilience'>, log: Logger): ApprovalNotifier {
  const { deps, config } = base;
  const { webhooks, slack } = config.approvals;
  const notifiers: ApprovalNotifier[] = [];
  if (webhooks.length > 0) {
    notifiers.push(
      createWebhookNotifier({
        webhooks,
        http: base.http,
        resilience: base.resilience,
        clock: deps.clock,
        ids: deps.ids,
        log,
        timeoutMs: config.approvals.webhookTimeoutMs,
        retry: config.approvals.webhookRetry,
      }),
    );
  }
  if (slack) {
    const channel = slack.channel ?? config.slack.defaultChannel;
    if (!config.slack.token)
      throw new AppError('E_CONFIG', 'approvals.slack needs a Slack bot token in slack.token (CODE_ENGINE_SLACK_TOKEN).');
    if (!channel) throw new AppError('E_CONFIG', 'approvals.slack needs a channel: set approvals.slack.channel or slack.defaultChannel.');
    notifiers.push(
      createSlackNotifier({
        slack: createSlackClient({ http: base.http, resilience: base.resilience, settings: config.slack }),
        channel,
        events: slack.events,
        resilience: base.resilience,
        log,
        timeoutMs: config.slack.timeoutMs,
      }),
    );
  }
  return combineNotifiers(notifiers);
}

/** The process's approval service. */
export function createApprovals(base: ApprovalsBase): ApprovalService {
  const { deps, config, security } = base;
  const log = deps.log.child({ component: 'approvals' });
  return createApprovalService({
    db: base.db,
    clock: deps.clock,
    ids: deps.ids,
    log,
    audit: base.audit,
    settings: config.approvals,
    argsBox: {
      seal: (plain, context) => security.secrets.seal(plain, context),
      open: (stored, context) => security.secrets.openString(stored, context),
    },
    redact: (value) => security.redactor.redact(value),
    linkFor: approvalLink(config),
    notifier: approvalNotifier(base, log),
  });
}
