/**
 * The gateway: the registry, the call pipeline and per-principal listing, as one object the faces share.
 */
import type { Principal } from '../auth/principal.js';
import type { CallsRepo } from './calls-repo.js';
import { describeOperation, type OperationDescription } from './describe.js';
import { modeBlock } from './modes.js';
import type { Operation } from './operation.js';
import { createPipeline, type PipelineDeps } from './pipeline.js';
import type { Registry } from './registry.js';

export interface Gateway {
  readonly registry: Registry;
  readonly calls: CallsRepo;
  /** Run one call through the full pipeline. */
  call: ReturnType<typeof createPipeline>['call'];
  /** Operations exposed by the modes AND permitted to this principal — exactly what it may call. */
  visibleTo(principal: Principal): Promise<Operation[]>;
  /** Operations exposed by the modes (for anonymous discovery such as the REST server list). */
  exposed(): Operation[];
  describe(op: Operation): OperationDescription;
}

export function createGateway(deps: PipelineDeps): Gateway {
  const pipeline = createPipeline(deps);
  const exposed = () => deps.registry.operations().filter((op) => !modeBlock(op, deps.config));
  return {
    registry: deps.registry,
    calls: deps.calls,
    call: pipeline.call,
    exposed,
    async visibleTo(principal) {
      const ops = exposed();
      const allowed = await Promise.all(ops.map(async (op) => (await deps.authorizer.authorize(principal, op.permission)).allowed));
      return ops.filter((_, i) => allowed[i]);
    },
    describe: (op) => describeOperation(op, deps.registry.serverOf(op.name)?.name),
  };
}
