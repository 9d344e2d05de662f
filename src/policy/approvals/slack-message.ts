/**
 * The Slack message of an approval event: a header with the event and operation, the reason, a few fields
 * (requester, rules, votes, expiry, id), a button to the request and the command that decides it — Block Kit plus a
 * plain-text fallback for notifications. Arguments are never included: the link shows their redacted view.
 */
import type { ApprovalView } from './approval-view.js';
import type { ApprovalEvent, ApprovalEventType } from './notifier.js';

const HEADLINE: Record<ApprovalEventType, { emoji: string; label: string }> = {
  'approval.requested': { emoji: ':hourglass_flowing_sand:', label: 'Approval requested' },
  'approval.approved': { emoji: ':white_check_mark:', label: 'Approved' },
  'approval.denied': { emoji: ':no_entry:', label: 'Denied' },
  'approval.expired': { emoji: ':alarm_clock:', label: 'Expired' },
  'approval.executed': { emoji: ':arrow_forward:', label: 'Executed' },
};

/** Slack mrkdwn treats &, < and > as control characters: escape them in text we did not write. */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Inline code without backticks inside (they would end it). */
const code = (s: string) => `\`${escapeMrkdwn(s).replace(/`/g, 'ˋ')}\``;
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `<!date^…>` renders in each reader's time zone; the ISO text is the fallback for clients that cannot. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<!date^${seconds}^{date_short_pretty} {time}|${iso}>` : escapeMrkdwn(iso);
}

function outcome(a: ApprovalView): string {
  if (!a.execution?.outcome) return '';
  return a.execution.outcome === 'success' ? ' (success)' : ` (failed: ${a.execution.errorCode ?? 'error'})`;
}

/** The latest vote of the event's kind: who decided, and their comment. */
function decider(type: ApprovalEventType, a: ApprovalView): string | undefined {
  const want = type === 'approval.denied' ? 'deny' : type === 'approval.approved' ? 'approve' : undefined;
  if (!want) return undefined;
  const vote = a.votes.filter((v) => v.decision === want).at(-1);
  if (!vote) return undefined;
  return `${escapeMrkdwn(vote.voter.name)}${vote.comment ? `: ${escapeMrkdwn(cut(vote.comment, 500))}` : ''}`;
}

/**
 * The chat.postMessage arguments for one event.
 * @example const { text, blocks } = approvalSlackMessage({ type: 'approval.requested', approval })
 */
export function approvalSlackMessage(event: ApprovalEvent): { text: string; blocks: Array<Record<string, unknown>> } {
  const a = event.approval;
  const head = HEADLINE[event.type];
  const title = `${head.label}: ${a.operation}${event.type === 'approval.executed' ? outcome(a) : ''}`;
  const fields: Array<[string, string]> = [
    ['Operation', `${code(a.operation)} (${escapeMrkdwn(a.effects)})`],
    ['Requester', `${escapeMrkdwn(a.requester.name)} (${escapeMrkdwn(a.requester.type)}, ${escapeMrkdwn(a.face)})`],
    ['Rules', a.rules.length ? a.rules.map(code).join(', ') : '—'],
    ['Approvals', `${a.approvals}/${a.quorum}`],
    [a.status === 'pending' ? 'Expires' : a.status === 'approved' ? 'Execute before' : 'Expiry', slackDate(a.expiresAt)],
    ['Request', code(a.id)],
  ];
  const decidedBy = decider(event.type, a);
  if (decidedBy) fields.push([event.type === 'approval.denied' ? 'Denied by' : 'Approved by', decidedBy]);

  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(`${head.emoji} *Reason:* ${escapeMrkdwn(a.reason)}`, 3000) } },
    { type: 'section', fields: fields.map(([k, v]) => ({ type: 'mrkdwn', text: cut(`*${k}*\n${v}`, 2000) })) },
  ];
  // Slack refuses a button whose url is not absolute (server.publicUrl unset and a port picked at start).
  if (/^https?:\/\//.test(a.link)) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open request' }, url: a.link }],
    });
  }
  const next =
    a.status === 'pending'
      ? `Decide: ${code(`code-engine approvals approve ${a.id}`)} or ${code(`code-engine approvals deny ${a.id} --reason …`)} (never the requester)`
      : a.status === 'approved'
        ? `The requester runs it once: ${code(`code-engine approvals execute ${a.id}`)}`
        : `Status: ${escapeMrkdwn(a.status)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(`${next} · ${escapeMrkdwn(a.link)}`, 3000) }] });

  // The fallback is mrkdwn too (it is what notifications show): escaped, so a reason cannot @-mention a channel.
  const text = cut(escapeMrkdwn(`${title} — requested by ${a.requester.name}: ${a.reason} (${a.id})`), 3000);
  return { text, blocks };
}
