/**
 * Reading the audit log: filtered, cursor-paginated pages and an ascending stream for exports and verification.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { AuditLogTable, Tables } from '../../db/tables.js';
import {
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  auditFilterSchema,
  auditQuerySchema,
  decodeCursor,
  encodeCursor,
  toAuditRecord,
} from './audit-record.js';

type AuditRow = Omit<AuditLogTable, 'seq'> & { seq: number };
type AuditSelect = SelectQueryBuilder<Tables, 'audit_log', AuditRow>;

/** Parse input with a zod schema, as E_VALIDATION naming each bad field. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(query)', message: i.message }));
  throw new AppError('E_VALIDATION', `Invalid audit query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

function applyFilter(q: AuditSelect, f: z.output<typeof auditFilterSchema>): AuditSelect {
  let out = q;
  if (f.principal) out = out.where('principal_id', '=', f.principal);
  if (f.principalType) out = out.where('principal_type', '=', f.principalType);
  // substr instead of LIKE: exact and case-sensitive on both dialects, no wildcard escaping.
  if (f.action) out = out.where(sql<string>`substr(action, 1, ${f.action.length})`, '=', f.action);
  if (f.outcome) out = out.where('outcome', '=', f.outcome);
  if (f.target) out = out.where('target', '=', f.target);
  if (f.from) out = out.where('ts', '>=', f.from);
  if (f.to) out = out.where('ts', '<', f.to);
  return out;
}

function baseSelect(k: Kysely<Tables>): AuditSelect {
  return k.selectFrom('audit_log').selectAll() as unknown as AuditSelect;
}

/** One page of records matching the query. Throws E_VALIDATION on a bad filter or cursor. */
export async function queryAudit(k: Kysely<Tables>, input: AuditQuery): Promise<AuditPage> {
  const query = parse(auditQuerySchema, input);
  let q = applyFilter(baseSelect(k), query);
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    if (after === undefined) throw new AppError('E_VALIDATION', 'Invalid cursor: pass the nextCursor of the previous page unchanged.');
    q = q.where('seq', query.order === 'desc' ? '<' : '>', after);
  }
  const rows = await q
    .orderBy('seq', query.order)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditRecord),
    ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(Number(last.seq)) } : {}),
  };
}

/** Every matching row in ascending seq order, read in pages so memory stays flat. */
export async function* streamAuditRows(
  k: Kysely<Tables>,
  filter: AuditFilter = {},
  options: { pageSize?: number; throughSeq?: number } = {},
): AsyncGenerator<AuditRow> {
  const f = parse(auditFilterSchema, filter);
  const pageSize = options.pageSize ?? 1000;
  let after = -1;
  for (;;) {
    let q = applyFilter(baseSelect(k), f).where('seq', '>', after);
    if (options.throughSeq !== undefined) q = q.where('seq', '<=', options.throughSeq);
    const rows = await q.orderBy('seq', 'asc').limit(pageSize).execute();
    for (const row of rows) yield { ...row, seq: Number(row.seq) };
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = Number(last.seq);
  }
}
