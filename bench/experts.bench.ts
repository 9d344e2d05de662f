/**
 * Circle of Experts benchmarks.
 * 1. Consensus (TF-IDF, clusters, recommendations, contradictions) over 8 answers of 2 KB each, against
 *    tokenizing the same text. Goal: < 5 ms per consensus.
 * 2. Fan-out overhead: a full consult of 4 experts (real OpenAI provider over loopback fakes answering after
 *    20–80 ms, resilience, consensus, the SQLite write) against one direct call to the slowest fake.
 *    Goal: < 10 ms above the slowest expert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expertsSchema } from '../src/core/config/experts.js';
import { systemClock, systemIds } from '../src/core/deps.js';
import { createLogger } from '../src/core/logger.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { coreMigrations } from '../src/db/migrations/core.js';
import { buildConsensus } from '../src/experts/consensus/consensus.js';
import { AGREEING, DISSENTING } from '../src/experts/consensus/fixtures.test-data.js';
import { contentTokens } from '../src/experts/consensus/text.js';
import { createExpertsService } from '../src/experts/experts-service.js';
import { expertsMigrations } from '../src/experts/migrations.js';
import { createOpenAiProvider } from '../src/experts/providers/openai.js';
import type { ProviderSettings } from '../src/experts/providers/registry.js';
import type { ProviderId } from '../src/experts/types.js';
import { PROVIDER_IDS } from '../src/experts/types.js';
import { createResilience } from '../src/resilience/index.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../test/fakes/openai.js';
import { type BenchReport, opsPerSecondSync } from './lib.js';

const EXTRA = [
  'Measure the p99 latency before and after the change.',
  'Do not enable synchronous replication across regions; the write latency doubles.',
  'Keep the connection pool at 20 connections per instance.',
  'Use a queue between the API and the billing worker so spikes are absorbed.',
  'Avoid storing sessions in the primary database.',
  'Rotate the credentials every 90 days and audit their use.',
  'The read replica lag stays under 2 seconds at the current load.',
  'Add a circuit breaker around the payment provider.',
];

/** Eight answers of about 2 KB: five variations of the majority, three of the dissent, deterministic. */
export function benchAnswers(): string[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: 8 }, (_, i) => {
    let text = i < 5 ? (AGREEING[i % 3] as string) : DISSENTING;
    while (text.length < 2048) text += `\n- ${EXTRA[next() % EXTRA.length]} (${i}.${next() % 97})`;
    return text.slice(0, 2048);
  });
}

/**
 * Milliseconds per call: the fastest of `batches` batches of `size` calls (single calls by default, so a run fits
 * in one scheduler slice). On a shared machine the minimum filters out time the process spent descheduled; the
 * mean (opsPerSecondSync) is reported alongside.
 */
function fastestBatchMs(fn: () => unknown, batches = 300, size = 1): number {
  for (let i = 0; i < 100; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < size; i++) fn();
    best = Math.min(best, (performance.now() - start) / size);
  }
  return best;
}

function consensusReport(): BenchReport {
  const texts = benchAnswers();
  const answers = texts.map((text, i) => ({ expertId: `bench:${i}`, text, stance: 'neutral' as const, weight: 0.5 }));
  const tokenize = () => texts.map(contentTokens);
  const consensus = () => buildConsensus(answers, { threshold: 0.3 });
  const meanMs = (fn: () => unknown) => 1000 / opsPerSecondSync(fn, { minMs: 1000, warmup: 100 });
  return {
    title: 'Consensus over 8 answers of 2 KB (ms per run, fastest of 300)',
    baseline: { name: 'tokenize the same 8 answers', value: fastestBatchMs(tokenize), unit: 'ms', higherIsBetter: false },
    candidates: [{ name: 'buildConsensus', value: fastestBatchMs(consensus), unit: 'ms', higherIsBetter: false }],
    goal: { text: '< 5 ms', check: (_ratio, c) => c.value < 5 },
    notes: [`mean over 1 s: tokenize ${meanMs(tokenize).toFixed(2)} ms, buildConsensus ${meanMs(consensus).toFixed(2)} ms`],
  };
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of events) {
    // consume
  }
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function fanOutReport(): Promise<BenchReport> {
  const delays: Record<string, number> = { m20: 20, m40: 40, m60: 60, m80: 80 };
  const fake = await startOpenAiFake({
    answer: (req) => ((req.body as { model: string }).model === 'm80' ? DISSENTING : AGREEING[0]) as string,
    delayMs: (req) => delays[(req.body as { model: string }).model] ?? 0,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'ce-bench-experts-'));
  const db = createDatabase({ url: join(dataDir, 'bench.db'), dataDir });
  try {
    await migrateToLatest(db, [...coreMigrations, ...expertsMigrations]);
    const resilience = createResilience({ clock: systemClock, random: () => 0.5 });
    const providers = Object.fromEntries(PROVIDER_IDS.map((id) => [id, { enabled: true }])) as Record<ProviderId, ProviderSettings>;
    providers.openai = { enabled: true, apiKey: OPENAI_FAKE_KEY, baseUrl: `${fake.url}/v1` };
    const service = createExpertsService({
      settings: expertsSchema.parse({ models: { openai: Object.keys(delays) }, devilsAdvocate: false }),
      providers,
      db,
      clock: systemClock,
      ids: systemIds,
      log: createLogger({ level: 'silent', format: 'json' }),
      resilience,
      fetch: globalThis.fetch,
    });
    const direct = createOpenAiProvider({
      apiKey: OPENAI_FAKE_KEY,
      baseUrl: `${fake.url}/v1`,
      fetch: globalThis.fetch,
      clock: systemClock,
    });
    const experts = Object.keys(delays).map((m) => `openai:${m}`);
    const request = { model: 'm80', messages: [{ role: 'user' as const, content: 'Which database?' }], maxOutputTokens: 256 };
    const time = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    for (let i = 0; i < 3; i++) {
      await drain(direct.stream(request, { signal: new AbortController().signal }));
      await service.consult({ question: 'Which database?', experts, maxExperts: 4 });
    }
    const baseline: number[] = [];
    const consult: number[] = [];
    for (let i = 0; i < 40; i++) {
      baseline.push(await time(() => drain(direct.stream(request, { signal: new AbortController().signal }))));
      consult.push(await time(() => service.consult({ question: 'Which database?', experts, maxExperts: 4 })));
    }
    // Fastest of 40 on both sides: on a shared machine the minimum filters out descheduling, symmetrically.
    const base = Math.min(...baseline);
    const full = Math.min(...consult);
    return {
      title: 'Consult of 4 experts vs the slowest expert alone (ms, fastest of 40)',
      baseline: { name: 'one streamed call to the 80 ms fake', value: base, unit: 'ms', higherIsBetter: false },
      candidates: [{ name: 'consult (fan-out, consensus, history write)', value: full, unit: 'ms', higherIsBetter: false }],
      goal: { text: '< 10 ms overhead', check: (_ratio, c) => c.value - base < 10 },
      notes: [
        `overhead above the slowest expert: ${(full - base).toFixed(1)} ms (fastest), ${(median(consult) - median(baseline)).toFixed(1)} ms (medians)`,
      ],
    };
  } finally {
    await db.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function expertsBench(): Promise<BenchReport[]> {
  return [consensusReport(), await fanOutReport()];
}
