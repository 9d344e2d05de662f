/**
 * Experts tables: expert_queries, expert_responses, expert_feedback, expert_weights (listed once in
 * src/main/migrations.ts).
 */
import type { AppMigration, Dialect } from '../db/migration.js';

const float = (dialect: Dialect) => (dialect === 'postgres' ? 'double precision' : 'real');

/** The experts migrations, in order. */
export const expertsMigrations: AppMigration[] = [
  {
    name: '2026-11-26-001-experts-tables',
    async up(db, dialect) {
      await db.schema
        .createTable('expert_queries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('confidence', float(dialect))
        .addColumn('consensus', 'text', (c) => c.notNull())
        .addColumn('synthesis', 'text')
        .addColumn('cost_total_usd', float(dialect))
        .addColumn('cost_known_usd', float(dialect), (c) => c.notNull())
        .addColumn('cost_estimate_usd', float(dialect))
        .addColumn('budget_usd', float(dialect))
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('expert_queries_ts').on('expert_queries').column('ts').execute();
      await db.schema.createIndex('expert_queries_user').on('expert_queries').columns(['user_id', 'ts']).execute();
      await db.schema.createIndex('expert_queries_conversation').on('expert_queries').columns(['conversation_id', 'ts']).execute();

      await db.schema
        .createTable('expert_responses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('query_id', 'text', (c) => c.notNull().references('expert_queries.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('expert_id', 'text', (c) => c.notNull())
        .addColumn('stance', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('error_code', 'text')
        .addColumn('text', 'text')
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('cost_usd', float(dialect))
        .addColumn('latency_ms', 'integer')
        .addColumn('weight', float(dialect), (c) => c.notNull())
        .addColumn('context_cuts', 'text', (c) => c.notNull())
        .addColumn('history', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('expert_responses_query').on('expert_responses').columns(['query_id', 'position']).execute();
      await db.schema.createIndex('expert_responses_expert').on('expert_responses').column('expert_id').execute();

      await db.schema
        .createTable('expert_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('query_id', 'text', (c) => c.notNull().references('expert_queries.id').onDelete('cascade'))
        .addColumn('expert_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('vote', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .execute();
      await db.schema.createIndex('expert_feedback_query').on('expert_feedback').column('query_id').execute();

      await db.schema
        .createTable('expert_weights')
        .addColumn('expert_id', 'text', (c) => c.notNull())
        .addColumn('query_type', 'text', (c) => c.notNull())
        .addColumn('alpha', float(dialect), (c) => c.notNull())
        .addColumn('beta', float(dialect), (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('expert_weights_pk', ['expert_id', 'query_type'])
        .execute();
    },
    async down(db) {
      for (const table of ['expert_weights', 'expert_feedback', 'expert_responses', 'expert_queries']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
];
