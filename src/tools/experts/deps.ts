/**
 * What the experts tool server is built from: the experts service, the consult deadline from config and the
 * gateway's authorizer for the extra permissions attached context needs.
 */
import type { ExpertsService } from '../../experts/experts-service.js';
import type { Authorizer } from '../../gateway/ports.js';

/** Inputs of `expertsToolServer`. */
export interface ExpertsToolDeps {
  experts: Pick<ExpertsService, 'consult' | 'list' | 'health' | 'history' | 'getQuery' | 'feedback'>;
  /** `experts.deadlineMs` (0 = none): the longest consult the gateway waits for; longer `deadlineMs` are refused. */
  deadlineMs: number;
  /**
   * Checks what attached context needs besides `experts:consult`: `desktop:read` for `context.files` (they are
   * read from the workspace and sent to outside vendors), `crawler:read` for `context.snapshotId`.
   */
  authorizer: Authorizer;
}
