/**
 * `experts_feedback`: vote on a consult's consensus or one expert's answer; the votes move the experts'
 * learned weights for that query type. Only the consult's owner may vote.
 */
import { feedbackInput, feedbackOutput } from '../../experts/schemas.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { ExpertsToolDeps } from './deps.js';

/** The `experts_feedback` operation. */
export function feedbackOp(deps: ExpertsToolDeps): Operation {
  return defineOperation({
    name: 'experts_feedback',
    title: 'Rate a consult',
    description:
      'Vote up or down on one of your consults: on one expert’s answer (expertId) or, without it, on the consensus (every majority ' +
      'member). Votes adjust the experts’ weights for that query type, which drive auto-selection and consensus weighting.',
    input: feedbackInput,
    output: feedbackOutput,
    permission: 'experts:consult',
    effects: 'write',
    idempotent: false,
    http: { method: 'POST', path: '/api/experts/queries/:queryId/feedback' },
    example: { queryId: '5b0f7c3e-6a51-4c1e-9f0e-2d5d1c3a9b77', vote: 'up', expertId: 'openai:gpt-5.4-mini' },
    render: (o) => o.weights.map((w) => `${w.expertId}: weight for ${w.queryType} now ${w.weight.toFixed(2)}`).join('\n'),
    run: async (input, ctx) => deps.experts.feedback(input, { userId: ctx.principal.id }),
  });
}
