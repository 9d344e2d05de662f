/**
 * History search over stored consults: filters by text, type, expert, conversation, user and time, newest
 * first, with a total for paging. Text search is a case-insensitive substring of the question and the
 * consensus, the same on SQLite and PostgreSQL.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { HistoryResult } from '../schemas.js';
import type { QueryType } from '../types.js';
import './tables.js';

/** Filters of a history search. */
export interface HistoryFilters {
  text?: string | undefined;
  type?: QueryType | undefined;
  expertId?: string | undefined;
  conversationId?: string | undefined;
  /** Restrict to one user's consults (non-admin callers). */
  userId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** Escape LIKE wildcards so user text matches literally. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: HistoryFilters) {
  return (eb: ExpressionBuilder<Tables, 'expert_queries'>) => {
    const conds = [];
    if (f.text) {
      const p = likePattern(f.text);
      conds.push(
        eb.or([
          eb(sql`lower(${sql.ref('expert_queries.question')})`, 'like', sql`${p} escape '\\'`),
          eb(sql`lower(${sql.ref('expert_queries.consensus')})`, 'like', sql`${p} escape '\\'`),
        ]),
      );
    }
    if (f.type) conds.push(eb('expert_queries.type', '=', f.type));
    if (f.conversationId) conds.push(eb('expert_queries.conversation_id', '=', f.conversationId));
    if (f.userId) conds.push(eb('expert_queries.user_id', '=', f.userId));
    if (f.since) conds.push(eb('expert_queries.ts', '>=', f.since));
    if (f.until) conds.push(eb('expert_queries.ts', '<', f.until));
    if (f.expertId) {
      conds.push(
        eb(
          'expert_queries.id',
          'in',
          eb.selectFrom('expert_responses').select('expert_responses.query_id').where('expert_responses.expert_id', '=', f.expertId),
        ),
      );
    }
    return eb.and(conds);
  };
}

/** Search and list query ids for export. */
export interface HistoryRepo {
  search(filters: HistoryFilters, page: { limit: number; offset: number }): Promise<Omit<HistoryResult, 'query'>>;
  /** Ids of matching consults, newest first. */
  ids(filters: HistoryFilters, limit: number): Promise<string[]>;
}

/** The history repository over `db`. */
export function createHistoryRepo(db: Database): HistoryRepo {
  const k = db.kysely;
  return {
    async search(filters, page) {
      const count = await k
        .selectFrom('expert_queries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(where(filters))
        .executeTakeFirst();
      const rows = await k
        .selectFrom('expert_queries')
        .select(['id', 'conversation_id', 'ts', 'user_id', 'type', 'question', 'status', 'confidence', 'cost_total_usd'])
        .where(where(filters))
        .orderBy('ts', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      const experts =
        rows.length === 0
          ? []
          : await k
              .selectFrom('expert_responses')
              .select(['query_id', 'expert_id'])
              .where(
                'query_id',
                'in',
                rows.map((r) => r.id),
              )
              .orderBy('query_id')
              .orderBy('position')
              .execute();
      return {
        total: Number(count?.n ?? 0),
        items: rows.map((r) => ({
          queryId: r.id,
          conversationId: r.conversation_id,
          ts: r.ts,
          userId: r.user_id,
          type: r.type as QueryType,
          question: r.question,
          status: r.status as HistoryResult['items'][number]['status'],
          confidence: r.confidence,
          costUsd: r.cost_total_usd,
          experts: experts.filter((e) => e.query_id === r.id).map((e) => e.expert_id),
        })),
      };
    },
    async ids(filters, limit) {
      const rows = await k
        .selectFrom('expert_queries')
        .select('id')
        .where(where(filters))
        .orderBy('ts', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
