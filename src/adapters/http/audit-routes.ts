/**
 * Audit log routes: GET /api/audit (filtered, cursor-paginated), GET /api/audit/verify (hash-chain check naming the
 * first bad row) and GET /api/audit/export (NDJSON stream). All require the `audit:read` permission via `guard`.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditLog } from '../../auth/audit/audit-log.js';
import { auditFilterSchema, auditQuerySchema, auditRecordSchema } from '../../auth/audit/audit-record.js';
import type { Principal } from '../../auth/principal.js';
import { AppError } from '../../core/errors.js';
import { problemSchema } from './problem.js';

/** A preHandler that lets a request through or throws (e.g. `requirePermission('audit:read')`). */
export type RouteGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | undefined;

export interface AuditRoutesOptions {
  audit: AuditLog;
  /** Checks the caller holds `audit:read`; runs before every audit route. */
  guard: RouteGuard;
}

const verifyReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().describe('Rows verified before the first bad one (all rows when ok)'),
    keyed: z.boolean().describe('Whether an HMAC key (auth.auditHmacKey) was used'),
    anchor: z.object({ seq: z.number().int(), hash: z.string() }).nullable().describe('Prune checkpoint the chain starts from'),
    head: z.object({ seq: z.number().int(), id: z.string(), hash: z.string() }).nullable().describe('Last verified row'),
    firstBad: z
      .object({
        seq: z.number().int(),
        id: z.string(),
        reason: z.enum(['modified', 'inserted', 'deleted_before', 'downgraded', 'unverifiable', 'malformed', 'anchor_mismatch']),
        message: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'AuditVerifyReport' });

const pageSchema = z.object({ items: z.array(auditRecordSchema), nextCursor: z.string().optional() }).meta({ id: 'AuditPage' });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** A guard for when no authentication is wired: every request is refused, so the audit log is never open. */
export async function denyAllGuard(): Promise<void> {
  throw new AppError('E_UNAUTHENTICATED', 'Authentication is not configured on this server; the audit log is unavailable.');
}

/**
 * Register the audit routes.
 * @example registerAuditRoutes(app, { audit: services.audit, guard: requirePermission('audit:read') })
 */
export function registerAuditRoutes(app: FastifyInstance, options: AuditRoutesOptions): void {
  const { audit, guard } = options;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/audit',
    {
      preHandler: guard,
      schema: {
        tags: ['audit'],
        summary: 'Query the audit log (newest first; filters combine with AND).',
        security,
        querystring: auditQuerySchema,
        response: { 200: pageSchema, ...errors },
      },
    },
    async function queryAuditLog(request) {
      return audit.query(request.query);
    },
  );

  r.get(
    '/api/audit/verify',
    {
      preHandler: guard,
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain; names the first modified, inserted or deleted row.',
        security,
        response: { 200: verifyReportSchema, ...errors },
      },
    },
    async function verifyAuditLog(_request, reply) {
      reply.header('cache-control', 'no-store');
      return audit.verify();
    },
  );

  r.get(
    '/api/audit/export',
    {
      preHandler: guard,
      schema: {
        tags: ['audit'],
        summary: 'Export matching records as NDJSON (oldest first), with hashes for offline verification.',
        security,
        querystring: auditFilterSchema,
        produces: ['application/x-ndjson'],
        response: { 200: z.string().describe('One AuditRecord JSON object per line'), ...errors },
      },
    },
    async function exportAuditLog(request, reply) {
      const principal = (request as FastifyRequest & { principal?: Principal | null }).principal;
      // Bulk reads of the audit log are themselves audited.
      await audit.record({
        action: 'audit.export',
        outcome: 'success',
        principal: principal ? { id: principal.id, type: principal.type } : null,
        target: 'audit_log',
        clientIp: request.ip,
        requestId: String(request.id),
        details: { filter: request.query },
      });
      const records = audit.export(request.query);
      const lines = async function* () {
        for await (const record of records) yield `${JSON.stringify(record)}\n`;
      };
      // The 200 schema documents the stream for OpenAPI; the body itself is a stream, not a validated string.
      const untyped = reply as FastifyReply;
      return untyped
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit.ndjson"')
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );
}
