/**
 * The Circle of Experts' gateway face (`experts_*`, REST under /api/experts): consult with per-expert progress,
 * list, health, history, one stored consult and feedback. Thin wrappers over src/experts' service. Each operation's
 * REST route is generated from its `http` binding; `POST /api/experts/consult` answers Server-Sent Events
 * (`progress`, then `result` or `error`) when asked, from src/adapters/http/experts-routes.ts (docs/experts.md).
 */
import type { ToolServer } from '../../gateway/operation.js';
import { consultOp } from './consult-op.js';
import type { ExpertsToolDeps } from './deps.js';
import { feedbackOp } from './feedback-op.js';
import { readOps } from './read-ops.js';

export { type ConsultProgressUpdate, consultEventOf } from './consult-progress.js';
export type { ExpertsToolDeps } from './deps.js';

/**
 * The `experts` tool server.
 * @example registry.register(expertsToolServer({ experts: services.experts, deadlineMs: config.experts.deadlineMs, authorizer }))
 */
export function expertsToolServer(deps: ExpertsToolDeps): ToolServer {
  return {
    name: 'experts',
    title: 'Circle of Experts',
    description: 'Ask a panel of LLMs in parallel: consensus, dissent, recommendations, confidence and cost; history and feedback.',
    operations: [consultOp(deps), ...readOps(deps), feedbackOp(deps)],
  };
}
