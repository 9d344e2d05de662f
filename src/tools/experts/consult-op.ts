/**
 * `experts_consult`: ask a panel of LLMs through the gateway. The caller is the consult's owner (history,
 * conversations, daily budget); progress per expert becomes MCP progress notifications or SSE events; the
 * caller's cancellation and the gateway's timeout abort the providers' requests.
 */
import { AppError } from '../../core/errors.js';
import { consultInput, consultOutput } from '../../experts/schemas.js';
import { defineOperation, type Operation, type OperationContext } from '../../gateway/operation.js';
import { consultProgressReporter } from './consult-progress.js';
import type { ExpertsToolDeps } from './deps.js';
import { renderConsult } from './render-consult.js';

/** Longest consult deadline the schema allows; the ceiling when `experts.deadlineMs` is 0 (none). */
const MAX_DEADLINE_MS = 900_000;
/** Time beyond the consult deadline for the pre-flight, consensus and the history write. */
const GRACE_MS = 30_000;

async function requirePermission(deps: ExpertsToolDeps, ctx: OperationContext, permission: string, what: string): Promise<void> {
  const decision = await deps.authorizer.authorize(ctx.principal, permission);
  if (!decision.allowed) {
    throw new AppError('E_FORBIDDEN', `Attaching ${what} needs permission ${permission} as well: ${decision.explanation}`, {
      details: { permission, reason: decision.reason },
    });
  }
}

/** The `experts_consult` operation. */
export function consultOp(deps: ExpertsToolDeps): Operation {
  // The gateway waits for a fixed time, so a consult may not ask for more than it; 0 ("none") means that ceiling.
  const ceilingMs = deps.deadlineMs > 0 ? deps.deadlineMs : MAX_DEADLINE_MS;
  return defineOperation({
    name: 'experts_consult',
    title: 'Consult the Circle of Experts',
    description:
      'Ask several LLMs (Anthropic, OpenAI, Gemini, OpenRouter, Ollama, Hugging Face) the same question in parallel and get the consensus answer, ' +
      'dissent, shared recommendations, contradictions, a confidence (0–1) and the cost in USD. Each expert is a paid API call to an outside ' +
      'provider: set budgetUsd to cap the worst case. Failed or slow experts come back as partial results with the reason. Context: snippets, ' +
      'workspace files (needs desktop:read) and a crawler snapshot summary (needs crawler:read), each cut to fit every model’s window (cuts are ' +
      `reported in notes). deadlineMs is at most ${ceilingMs} ms here; 0 means that maximum. Pass conversationId back to ask a follow-up.`,
    input: consultInput,
    output: consultOutput,
    permission: 'experts:consult',
    effects: 'external',
    idempotent: false,
    timeoutMs: ceilingMs + GRACE_MS,
    render: renderConsult,
    // The JSON route; src/adapters/http/experts-routes.ts serves the same path as SSE when a stream is asked for.
    http: { method: 'POST', path: '/api/experts/consult' },
    example: {
      question: 'Should the billing worker use Postgres LISTEN/NOTIFY or a queue?',
      type: 'architecture',
      budgetUsd: 0.1,
    },
    run: async (input, ctx) => {
      if (input.deadlineMs !== undefined && input.deadlineMs > ceilingMs) {
        throw new AppError('E_VALIDATION', `deadlineMs may be at most ${ceilingMs} here (experts.deadlineMs); got ${input.deadlineMs}.`, {
          issues: [{ path: 'deadlineMs', message: `at most ${ceilingMs}` }],
        });
      }
      if (input.context.files.length > 0) await requirePermission(deps, ctx, 'desktop:read', 'files');
      if (input.context.snapshotId) await requirePermission(deps, ctx, 'crawler:read', 'a crawler snapshot');
      return deps.experts.consult(
        { ...input, deadlineMs: input.deadlineMs === undefined || input.deadlineMs === 0 ? ceilingMs : input.deadlineMs },
        { userId: ctx.principal.id, signal: ctx.signal, onProgress: consultProgressReporter(ctx.progress) },
      );
    },
  });
}
