/**
 * Config section of approvals (src/policy/approvals, docs/approvals.md): lifetimes, quorum, notification webhooks
 * and the Slack channel told about approval events.
 */
import { z } from 'zod';
import { secret } from './secret.js';

const minutes = z.number().int().min(1).max(43_200);

/** The events a webhook can receive. */
export const APPROVAL_EVENTS = [
  'approval.requested',
  'approval.approved',
  'approval.denied',
  'approval.expired',
  'approval.executed',
] as const;

/** One notification webhook. */
export const approvalWebhookSchema = z.strictObject({
  url: z.url().describe('Where events are POSTed as JSON (through the SSRF guard: allow private hosts in http.allowHosts).'),
  secret: z
    .string()
    .min(16)
    .optional()
    .describe('Signs each body: header X-Code-Engine-Signature: sha256=HMAC(secret, "<timestamp>.<body>").'),
  events: z
    .array(z.enum(APPROVAL_EVENTS))
    .min(1)
    .default([...APPROVAL_EVENTS])
    .describe('Events sent to this webhook.'),
});

/** Approval events posted to Slack (through the `slack` tool server's client and bot token). */
export const approvalSlackSchema = z
  .strictObject({
    channel: z
      .string()
      .min(1)
      .optional()
      .describe('Channel ID or #name approval events are posted to, e.g. C0123ABCD or #approvals; default slack.defaultChannel.'),
    events: z
      .array(z.enum(APPROVAL_EVENTS))
      .min(1)
      .default([...APPROVAL_EVENTS])
      .describe('Events posted to the channel.'),
  })
  .describe('Post approval events to Slack (needs slack.token); unset = no Slack notifications.');

/** Webhooks as a list, or as the JSON text of one (from `CODE_ENGINE_APPROVALS_WEBHOOKS_FILE` or a `webhooksFile`). */
const webhookList = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}, z.array(approvalWebhookSchema));

/** The `approvals` section. */
export const approvalsSchema = z
  .strictObject({
    ttlMinutes: minutes.default(60).describe('How long a request waits for approvers before it expires, in minutes.'),
    executeWithinMinutes: minutes.default(60).describe('How long an approved request stays executable, in minutes.'),
    quorum: z.number().int().min(1).max(10).default(1).describe('Distinct approvers (never the requester) a request needs.'),
    quorumByOperation: z
      .record(z.string().min(1), z.number().int().min(1).max(10))
      .default({})
      .describe('Quorum per operation-name glob, e.g. {"deploy_*": 2}; the highest matching value wins over `quorum`.'),
    webhooks: secret(webhookList)
      .default([])
      .describe(
        'Webhooks told about approval events, [{ url, secret?, events? }]; a secret (redacted in `config print`), also as JSON from _FILE.',
      ),
    webhookTimeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe('Limit of one webhook delivery, retries included.'),
    webhookRetry: z
      .string()
      .min(1)
      .default('standard')
      .describe('Retry preset of webhook deliveries (resilience.retry presets: fast, standard, patient, or your own).'),
    slack: approvalSlackSchema.optional(),
  })
  .prefault({});

/** The parsed `approvals` section. */
export type ApprovalSettings = z.infer<typeof approvalsSchema>;
/** The parsed `approvals.slack` subsection. */
export type ApprovalSlack = z.infer<typeof approvalSlackSchema>;
/** One parsed webhook. */
export type ApprovalWebhook = z.infer<typeof approvalWebhookSchema>;
