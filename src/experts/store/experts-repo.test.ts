import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../../test/helpers/pg.js';
import { migrateToLatest } from '../../db/migrate.js';
import { expertsMigrations } from '../migrations.js';
import type { ConsultResult } from '../schemas.js';
import { createExpertsRepo, weightKey } from './experts-repo.js';
import { createHistoryRepo } from './history-repo.js';

function result(id: string, overrides: Partial<ConsultResult> = {}): ConsultResult {
  return {
    queryId: id,
    conversationId: 'conv-1',
    ts: `2026-11-25T10:00:0${id.slice(-1)}.000Z`,
    type: 'review',
    question: `Question ${id}`,
    status: 'complete',
    consensus: {
      answer: 'Use an index.',
      answeredBy: 'anthropic:a',
      majority: ['anthropic:a'],
      confidence: 0.4,
      confidenceLabel: 'low',
      clusters: [],
      dissent: [],
      agreement: { experts: ['anthropic:a'], matrix: [[1]] },
      recommendations: [],
      contradictions: [],
    },
    synthesis: null,
    responses: [
      {
        responseId: `r-${id}`,
        expertId: 'anthropic:a',
        stance: 'against',
        status: 'ok',
        reason: null,
        errorCode: null,
        text: `Answer ${id}`,
        usage: { inputTokens: 10, outputTokens: 5 },
        costUsd: 0.0125,
        latencyMs: 12,
        weight: 0.5,
        contextCuts: [{ name: 'a.ts', originalTokens: 100, keptTokens: 50, dropped: false }],
        history: { includedTurns: 1, droppedTurns: 2, summarised: true },
      },
    ],
    cost: { estimateUsd: 0.02, totalUsd: 0.0125, knownUsd: 0.0125, unknownExperts: [], budgetUsd: null },
    durationMs: 34,
    notes: ['a note'],
    ...overrides,
  };
}

describe.each(await testDialects())('experts repository on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    await migrateToLatest(t.db, expertsMigrations);
  });
  afterEach(() => t.cleanup());

  it('reads back a saved consult as it was', async () => {
    const repo = createExpertsRepo(t.db);
    const r = result('q1');
    await repo.saveQuery({ result: r, userId: 'u1', context: [{ name: 'a.ts', kind: 'file' }] });
    expect(await repo.getQuery('q1')).toEqual({ result: r, userId: 'u1', context: [{ name: 'a.ts', kind: 'file' }] });
  });

  it('returns a conversation’s turns oldest first with each expert’s answer', async () => {
    const repo = createExpertsRepo(t.db);
    await repo.saveQuery({ result: result('q2'), userId: null, context: [] });
    await repo.saveQuery({ result: result('q1'), userId: null, context: [] });
    const turns = await repo.conversation('conv-1');
    expect(turns.map((x) => x.question)).toEqual(['Question q1', 'Question q2']);
    expect(turns[0]?.answers.get('anthropic:a')).toBe('Answer q1');
  });

  it('sums a user’s known spend since a time', async () => {
    const repo = createExpertsRepo(t.db);
    await repo.saveQuery({ result: result('q1'), userId: 'u1', context: [] });
    await repo.saveQuery({ result: result('q2'), userId: 'u1', context: [] });
    await repo.saveQuery({ result: result('q3'), userId: 'u2', context: [] });
    expect(await repo.spentSince('u1', '2026-11-25T00:00:00.000Z')).toBeCloseTo(0.025, 6);
  });

  it('adds weight deltas onto the prior and then onto the stored values', async () => {
    const repo = createExpertsRepo(t.db);
    await repo.applyWeights([{ expertId: 'x:1', queryType: 'review', alpha: 1, beta: 0 }], '2026-11-25T00:00:00.000Z');
    await repo.applyWeights([{ expertId: 'x:1', queryType: 'review', alpha: 0.25, beta: 1 }], '2026-11-25T00:00:01.000Z');
    expect((await repo.weights()).get(weightKey('x:1', 'review'))).toEqual({ alpha: 2.25, beta: 2 });
  });

  it('searches by expert and pages newest first', async () => {
    const repo = createExpertsRepo(t.db);
    for (const id of ['q1', 'q2', 'q3']) await repo.saveQuery({ result: result(id), userId: null, context: [] });
    const page = await createHistoryRepo(t.db).search({ expertId: 'anthropic:a' }, { limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.queryId)).toEqual(['q3', 'q2']);
    expect(page.items[0]?.experts).toEqual(['anthropic:a']);
  });

  it('matches text case-insensitively in the question or the consensus', async () => {
    const repo = createExpertsRepo(t.db);
    await repo.saveQuery({ result: result('q1'), userId: null, context: [] });
    const history = createHistoryRepo(t.db);
    expect((await history.search({ text: 'AN INDEX' }, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await history.search({ text: 'missing' }, { limit: 10, offset: 0 })).total).toBe(0);
  });
});
