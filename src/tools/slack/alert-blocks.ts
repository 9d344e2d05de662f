/**
 * The Slack message of `slack_post_alert`: a colour bar and emoji by severity, a header, the message, up to ten
 * fields, an optional link button and a context line — Block Kit inside an attachment (for the colour), plus a
 * plain-text fallback for notifications.
 */

/** Alert severities, most severe first. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'success'] as const;
/** One severity. */
export type Severity = (typeof SEVERITIES)[number];

const STYLE: Record<Severity, { color: string; emoji: string }> = {
  critical: { color: '#8B0000', emoji: ':rotating_light:' },
  error: { color: '#E01E5A', emoji: ':red_circle:' },
  warning: { color: '#ECB22E', emoji: ':warning:' },
  info: { color: '#36C5F0', emoji: ':information_source:' },
  success: { color: '#2EB67D', emoji: ':white_check_mark:' },
};

/** What an alert says. */
export interface AlertContent {
  severity: Severity;
  title: string;
  message: string;
  fields?: Record<string, string> | undefined;
  link?: { url: string; label?: string | undefined } | undefined;
  source?: string | undefined;
}

/** Slack mrkdwn treats &, < and > as control characters: escape them in text we did not write. */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The chat.postMessage arguments (text fallback + attachment with blocks) for an alert. */
export function alertMessage(a: AlertContent): { text: string; attachments: Array<Record<string, unknown>> } {
  const style = STYLE[a.severity];
  const label = a.severity.toUpperCase();
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: `${label}: ${a.title}`.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${style.emoji} ${escapeMrkdwn(a.message)}`.slice(0, 3000) } },
  ];
  const fields = Object.entries(a.fields ?? {}).slice(0, 10);
  if (fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: fields.map(([k, v]) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(k)}*\n${escapeMrkdwn(v)}`.slice(0, 2000) })),
    });
  }
  if (a.link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: (a.link.label ?? 'Open').slice(0, 75) }, url: a.link.url }],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Sent by ${escapeMrkdwn(a.source ?? 'code-engine')}` }] });
  return { text: `[${label}] ${a.title}`, attachments: [{ color: style.color, blocks }] };
}
