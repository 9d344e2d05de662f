/**
 * The one call pipeline every face goes through:
 * authenticate → rate limit → expose? (modes) → authorize (RBAC) → validate input → policy → confirm destructive
 * → commit the policy decision (budgets count the call) → execute (timeout, breaker, bulkhead) → validate output
 * → audit → metrics, trace span, `operation_calls` row.
 */
import { createHash } from 'node:crypto';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Principal } from '../auth/principal.js';
import type { Clock, Ids } from '../core/deps.js';
import { AppError, type ErrorCode, toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { redact } from '../security/redact.js';
import type { CallsRepo } from './calls-repo.js';
import type { GatewayMetrics } from './metrics.js';
import { type ModeConfig, modeBlock } from './modes.js';
import type { Face, Operation, OperationContext, ProgressUpdate } from './operation.js';
import type { AuditSink, Authenticator, Authorizer, Executor, PolicyHook, PolicyRequest, RateLimiterPort } from './ports.js';
import type { Registry } from './registry.js';

export interface PipelineDeps {
  registry: Registry;
  config: ModeConfig & { defaultTimeoutMs: number; maxArgumentBytes: number };
  log: Logger;
  clock: Clock;
  ids: Ids;
  authenticator: Authenticator;
  authorizer: Authorizer;
  rateLimiter: RateLimiterPort | undefined;
  policy: PolicyHook;
  executor: Executor;
  audit: AuditSink;
  calls: CallsRepo;
  metrics: GatewayMetrics;
}

export type ConfirmAnswer = 'accept' | 'decline' | 'cancel';

/** One call as a face hands it to the gateway. */
export interface CallRequest {
  face: Face;
  /** Already authenticated by the face (HTTP hook, stdio local principal)… */
  principal?: Principal;
  /** …or a bearer credential (JWT or API key) to authenticate here. */
  credential?: string;
  clientIp?: string;
  requestId: string;
  signal?: AbortSignal;
  onProgress?(update: ProgressUpdate): void;
  /** Ask the human to confirm a destructive call (MCP elicitation); absent when the client cannot ask. */
  confirm?(message: string): Promise<ConfirmAnswer>;
  /** The caller confirmed up front (REST `confirm: true`, CLI `--yes`); never set from tool arguments. */
  confirmed?: boolean;
  /** The face already charged this request to the caller's bucket (the HTTP rate-limit hook). */
  rateLimited?: boolean;
  /**
   * Run under this approval (`approvals_execute` only; never set from tool arguments or by a face). Policy still
   * runs: the approvals decorator consumes the approval for exactly this call, once, or denies it.
   */
  approval?: { id: string; claim: string };
}

export interface CallResult {
  callId: string;
  operation: string;
  output: unknown;
  /** Short human rendering of the output. */
  text: string;
  durationMs: number;
}

const DENIED: ReadonlySet<ErrorCode> = new Set([
  'E_UNAUTHENTICATED',
  'E_FORBIDDEN',
  'E_POLICY_DENIED',
  'E_APPROVAL_REQUIRED',
  'E_RATE_LIMITED',
  'E_MFA_REQUIRED',
]);
const MAX_AUDITED_ARGS_CHARS = 4_000;
const tracer = trace.getTracer('code-engine.gateway');

/** sha256 of the redacted arguments: correlates calls without storing what they carried. */
export function argsDigest(redactedArgs: unknown): string {
  return digestOfText(JSON.stringify(redactedArgs ?? null));
}

/** argsDigest of arguments already serialised with JSON.stringify. */
const digestOfText = (argsText: string): string => `sha256:${createHash('sha256').update(argsText).digest('hex')}`;

/** Build the pipeline's `call` function. */
export function createPipeline(deps: PipelineDeps) {
  const { registry, config, log } = deps;

  async function resolvePrincipal(request: CallRequest): Promise<Principal> {
    if (request.principal) return request.principal;
    if (request.credential) return deps.authenticator.authenticate(request.credential);
    throw new AppError('E_UNAUTHENTICATED', 'No credentials: send a bearer token or API key.');
  }

  async function limit(principal: Principal, request: CallRequest): Promise<void> {
    if (!deps.rateLimiter || request.rateLimited) return;
    // Same bucket as the HTTP hook, so a caller has one budget whichever face it uses.
    const decision = await deps.rateLimiter.consume(`principal:${principal.type}:${principal.id}`);
    if (!decision.allowed) {
      throw new AppError('E_RATE_LIMITED', `Rate limit of ${decision.limit} requests per minute reached; retry later.`, {
        retryAfterMs: decision.retryAfterMs,
      });
    }
  }

  function validateInput(op: Operation, raw: unknown): Record<string, unknown> {
    const size = Buffer.byteLength(JSON.stringify(raw ?? {}));
    if (size > config.maxArgumentBytes) {
      throw new AppError('E_PAYLOAD_TOO_LARGE', `Arguments are ${size} bytes; the limit is ${config.maxArgumentBytes}.`);
    }
    const parsed = op.input.safeParse(raw ?? {});
    if (parsed.success) return parsed.data as Record<string, unknown>;
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(arguments)', message: i.message }));
    throw new AppError('E_VALIDATION', `Invalid arguments for ${op.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      issues,
    });
  }

  async function authorize(op: Operation, principal: Principal): Promise<void> {
    const decision = await deps.authorizer.authorize(principal, op.permission);
    if (decision.allowed) return;
    if (decision.reason === 'mfa_required') throw new AppError('E_MFA_REQUIRED', decision.explanation);
    throw new AppError('E_FORBIDDEN', `${op.name} needs permission ${op.permission}: ${decision.explanation}`, {
      details: { permission: op.permission, reason: decision.reason },
    });
  }

  /** The input the call runs with, and the decision's commit (called once the call is sure to run). */
  async function applyPolicy(request: PolicyRequest): Promise<{ input: Record<string, unknown>; commit?: () => Promise<void> }> {
    const decision = await deps.policy.evaluate(request);
    const commit = decision.commit ? { commit: decision.commit } : {};
    switch (decision.effect) {
      case 'allow':
        return { input: request.input, ...commit };
      case 'redact':
        return { input: decision.input, ...commit };
      case 'deny':
        throw new AppError('E_POLICY_DENIED', decision.reason, { details: { rule: decision.rule } });
      case 'require_approval':
        throw new AppError('E_APPROVAL_REQUIRED', decision.reason, { details: { rule: decision.rule, approvalId: decision.approvalId } });
    }
  }

  async function confirmDestructive(op: Operation, input: Record<string, unknown>, request: CallRequest): Promise<void> {
    if (op.effects !== 'destructive' || request.confirmed) return;
    if (!request.confirm) {
      throw new AppError(
        'E_APPROVAL_REQUIRED',
        `${op.name} is destructive and needs confirmation: use an MCP client that supports elicitation, or confirm explicitly (REST "confirm": true, CLI --yes).`,
      );
    }
    const summary = JSON.stringify(redact(input)).slice(0, 500);
    const answer = await request.confirm(`Allow "${op.title}" (${op.name}) with ${summary}? It is destructive.`);
    if (answer !== 'accept') throw new AppError('E_CANCELLED', `The user ${answer === 'decline' ? 'declined' : 'cancelled'} ${op.name}.`);
  }

  function validateOutput(op: Operation, output: unknown): unknown {
    const parsed = op.output.safeParse(output);
    if (parsed.success) return parsed.data;
    log.error({ operation: op.name, issues: parsed.error.issues.slice(0, 10) }, 'operation returned output that does not match its schema');
    throw new AppError('E_INTERNAL', `${op.name} produced an invalid result.`);
  }

  /** Run one call through the whole pipeline. Throws AppError; faces map it. */
  async function call(name: string, rawInput: unknown, request: CallRequest): Promise<CallResult> {
    const callId = deps.ids.uuid();
    const started = deps.clock.monotonic();
    const known = registry.get(name);
    const label = known ? name : 'unknown';
    let principal: Principal | undefined = request.principal;
    let auditedArgs: unknown = null;

    return tracer.startActiveSpan(`operation ${label}`, async (span) => {
      span.setAttributes({ 'code_engine.operation': name, 'code_engine.face': request.face, 'code_engine.call_id': callId });
      try {
        principal = await resolvePrincipal(request);
        span.setAttribute('code_engine.principal', principal.id);
        await limit(principal, request);
        const op = registry.require(name);
        const blocked = modeBlock(op, config);
        if (blocked) throw new AppError('E_FORBIDDEN', `${blocked}.`, { details: { reason: 'mode' } });
        auditedArgs = redact(rawInput ?? {});
        // RBAC before validation: a caller without the permission learns nothing about the input schema.
        await authorize(op, principal);
        let input = validateInput(op, rawInput);
        auditedArgs = redact(input);
        const policyRequest: PolicyRequest = {
          operation: op.name,
          effects: op.effects,
          permission: op.permission,
          input,
          principal,
          face: request.face,
          ...(request.approval ? { approval: request.approval } : {}),
        };
        const admitted = await applyPolicy(policyRequest);
        input = admitted.input;
        await confirmDestructive(op, input, request);
        // Only now is the call sure to run: count it against budgets (AX-20) — not when it was refused above,
        // never confirmed or declined.
        await admitted.commit?.();

        const who = principal;
        const raw = await deps.executor.run(
          op.dependency,
          (signal) => {
            const ctx: OperationContext = {
              principal: who,
              signal,
              requestId: request.requestId,
              face: request.face,
              log: log.child({ operation: op.name, callId, requestId: request.requestId }),
              progress: (u) => request.onProgress?.(u),
              confirmed: request.confirmed === true,
              ...(request.confirm ? { confirm: request.confirm } : {}),
            };
            return op.run(input, ctx);
          },
          { timeoutMs: op.timeoutMs ?? config.defaultTimeoutMs, signal: request.signal ?? new AbortController().signal },
        );
        let output = validateOutput(op, raw);
        if (deps.policy.inspectOutput) output = await deps.policy.inspectOutput({ ...policyRequest, input }, output);
        const durationMs = deps.clock.monotonic() - started;
        await finish({ name, label, callId, principal, request, auditedArgs, durationMs, error: undefined });
        span.setStatus({ code: SpanStatusCode.OK });
        return { callId, operation: op.name, output, text: op.render(output), durationMs };
      } catch (e) {
        const error = toAppError(e);
        if (error.code === 'E_INTERNAL') log.error({ err: e, operation: name, callId }, 'operation failed');
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
        await finish({ name, label, callId, principal, request, auditedArgs, durationMs: deps.clock.monotonic() - started, error });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  interface Finish {
    name: string;
    label: string;
    callId: string;
    principal: Principal | undefined;
    request: CallRequest;
    auditedArgs: unknown;
    durationMs: number;
    error: AppError | undefined;
  }

  /** Audit, metrics and the call row; a failure here is logged, never turned into the caller's error. */
  async function finish(f: Finish): Promise<void> {
    const outcome = !f.error ? 'success' : DENIED.has(f.error.code) ? 'denied' : 'error';
    deps.metrics.observe(f.label, outcome, f.error?.code, f.durationMs / 1000);
    const argsText = JSON.stringify(f.auditedArgs ?? null);
    const digest = digestOfText(argsText);
    const results = await Promise.allSettled([
      deps.audit.record({
        action: 'operation.call',
        outcome: outcome === 'error' ? 'error' : outcome,
        principal: f.principal ? { id: f.principal.id, type: f.principal.type } : null,
        target: f.name.slice(0, 200),
        clientIp: f.request.clientIp ?? null,
        requestId: f.request.requestId,
        details: {
          callId: f.callId,
          face: f.request.face,
          argsDigest: digest,
          arguments: argsText.length > MAX_AUDITED_ARGS_CHARS ? `${argsText.slice(0, MAX_AUDITED_ARGS_CHARS)}…` : f.auditedArgs,
          durationMs: Math.round(f.durationMs),
          ...(f.error ? { errorCode: f.error.code, error: f.error.message.slice(0, 500) } : {}),
        },
      }),
      deps.calls.insert({
        id: f.callId,
        ts: new Date(deps.clock.now()).toISOString(),
        principalId: f.principal?.id ?? null,
        principalType: f.principal?.type ?? null,
        operation: f.name.slice(0, 200),
        face: f.request.face,
        argsDigest: digest,
        outcome,
        errorCode: f.error?.code ?? null,
        durationMs: f.durationMs,
        requestId: f.request.requestId,
      }),
    ]);
    for (const r of results)
      if (r.status === 'rejected') log.error({ err: r.reason, callId: f.callId }, 'recording an operation call failed');
  }

  return { call };
}

export type Pipeline = ReturnType<typeof createPipeline>;
