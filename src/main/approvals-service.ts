/**
 * Builds the approval service from config and the shared services: arguments sealed with the secrets-at-rest box,
 * the shared redactor, webhooks through the SSRF-guarded client with retry, links under server.publicUrl.
 */
import type { AuditSink } from '../auth/principal.js';
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import type { Database } from '../db/database.js';
import { type ApprovalService, createApprovalService, createWebhookNotifier, silentNotifier } from '../policy/approvals/index.js';
import type { HttpClient } from '../resilience/http-client.js';
import type { Resilience } from '../resilience/index.js';
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

/** The process's approval service. */
export function createApprovals(base: ApprovalsBase): ApprovalService {
  const { deps, config, security } = base;
  const log = deps.log.child({ component: 'approvals' });
  const { webhooks } = config.approvals;
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
    notifier:
      webhooks.length === 0
        ? silentNotifier
        : createWebhookNotifier({
            webhooks,
            http: base.http,
            resilience: base.resilience,
            clock: deps.clock,
            ids: deps.ids,
            log,
            timeoutMs: config.approvals.webhookTimeoutMs,
            retry: config.approvals.webhookRetry,
          }),
  });
}
