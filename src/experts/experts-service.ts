/**
 * The experts service: the one API the CLI, the gateway operations and the REST/SSE route wrap thinly.
 * `consult` takes an AbortSignal and an `onProgress` callback; every method validates its own input.
 */
import type { Clock, Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { createSettingsRepo } from '../db/settings-repo.js';
import type { Resilience } from '../resilience/index.js';
import { parseInput } from './consult/parse-input.js';
import type { ConsultEnv, ExpertsSettings } from './consult/plan-consult.js';
import { type ConsultOptions, runConsult } from './consult/run-consult.js';
import { createPriceBook } from './costs.js';
import { exportQueries } from './history-export.js';
import { CONTEXT_WINDOWS, lookupPattern } from './model-catalogue.js';
import { dependencyOf } from './panel/call-expert.js';
import { createRateGate } from './panel/rate-gate.js';
import type { FileContextReader } from './prompt/file-context.js';
import type { SnapshotContextReader } from './prompt/snapshot-context.js';
import { buildProvider, isProviderConfigured, type ProviderSettings } from './providers/registry.js';
import {
  type ConsultInput,
  type ConsultResult,
  type ExpertsHealth,
  type ExpertsList,
  type ExportInput,
  exportInput,
  type FeedbackInput,
  type FeedbackResult,
  feedbackInput,
  getQueryInput,
  type HistoryInput,
  type HistoryResult,
  healthInput,
  historyInput,
  listInput,
  type QueryDetail,
  setProviderKeyInput,
} from './schemas.js';
import { createExpertsRepo, weightKey } from './store/experts-repo.js';
import { createHistoryRepo } from './store/history-repo.js';
import { type FetchLike, type LLMProvider, PROVIDER_IDS, type ProviderId, parseExpertId, QUERY_TYPES } from './types.js';
import { evidenceOf, feedbackDeltas, weightOf } from './weights.js';

/**
 * Encrypts provider keys stored through the API: src/security's SecretBox fits (`seal`, `openString`).
 * `context` (`provider:<vendor>:apiKey`) is authenticated, so an envelope only opens for its own provider.
 */
export interface SecretSealer {
  seal(plaintext: string, context: string): string | Promise<string>;
  openString(sealed: string, context: string): string | Promise<string>;
}

/** What the service is built from (src/main/services.ts). */
export interface ExpertsServiceOptions {
  settings: ExpertsSettings;
  /** config.providers: enabled, keys, base URLs. */
  providers: Readonly<Record<ProviderId, ProviderSettings>>;
  db: Database;
  clock: Clock;
  ids: Ids;
  log: Logger;
  resilience: Resilience;
  /** Outbound fetch for providers (the SSRF-guarded one in production). */
  fetch: FetchLike;
  /** Replace built providers (tests use scripted providers or point SDKs elsewhere). */
  providerOverrides?: Partial<Record<ProviderId, LLMProvider>>;
  /** Reads `context.files` (e.g. `guardedFileReader(pathGuard)`); without it, attaching files is E_UNSUPPORTED. */
  readFile?: FileContextReader;
  /** Summarises `context.snapshotId` (e.g. `crawlerSnapshotContext(crawler)`); without it, E_UNSUPPORTED. */
  snapshotContext?: SnapshotContextReader;
  /** Without it, keys cannot be stored through the API (E_UNSUPPORTED). */
  secrets?: SecretSealer;
  /** Releases what the caller built for the service (its HTTP client); run by `close()`. */
  onClose?: () => Promise<void>;
}

/** Who calls a method, for ownership checks and budgets (gateway: the principal; CLI: a local user). */
export interface CallerOptions {
  /** Restrict to this user's consults; omit for an admin view of every user. */
  userId?: string | null;
}

/** The experts service. */
export interface ExpertsService {
  consult(input: ConsultInput, options?: ConsultOptions): Promise<ConsultResult>;
  list(input?: { type?: string }): Promise<ExpertsList>;
  health(input?: { probe?: boolean }, options?: { signal?: AbortSignal }): Promise<ExpertsHealth>;
  history(input: HistoryInput, options?: CallerOptions): Promise<HistoryResult>;
  /** One stored consult with what was attached and the votes on it; E_NOT_FOUND when unknown or not the caller's. */
  getQuery(input: { queryId: string }, options?: CallerOptions): Promise<QueryDetail>;
  exportHistory(
    input: ExportInput,
    options?: CallerOptions,
  ): Promise<{ format: string; contentType: string; content: string; count: number }>;
  feedback(input: FeedbackInput, options?: CallerOptions): Promise<FeedbackResult>;
  setProviderKey(input: { provider: string; apiKey: string }): Promise<{ provider: ProviderId; stored: true }>;
  /** Release the providers' connections (at shutdown). */
  close(): Promise<void>;
}

const KEY_PREFIX = 'experts.providerKey.';
const keyContext = (provider: ProviderId) => `provider:${provider}:apiKey`;

/**
 * Build the experts service.
 * @example const experts = createExpertsService({ settings: config.experts, providers: config.providers, db, clock, ids, log, resilience, fetch });
 */
export function createExpertsService(options: ExpertsServiceOptions): ExpertsService {
  const { settings, clock, ids, log, resilience } = options;
  try {
    resilience.retryPolicy(settings.retryPreset);
  } catch (cause) {
    throw new AppError('E_CONFIG', `experts.retryPreset: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const repo = createExpertsRepo(options.db);
  const historyRepo = createHistoryRepo(options.db);
  const settingsRepo = createSettingsRepo(options.db, clock);
  const prices = createPriceBook(settings.prices);
  const rateGate = createRateGate(resilience.time);
  let storedKeys: Partial<Record<ProviderId, string>> | undefined;
  let built: Map<ProviderId, LLMProvider> | undefined;

  const contextTokens = (expertId: string) =>
    settings.contextTokens[expertId] ?? lookupPattern(CONTEXT_WINDOWS, expertId) ?? settings.defaultContextTokens;
  const knownExperts = () => [
    ...new Set([...PROVIDER_IDS.flatMap((p) => settings.models[p].map((m) => `${p}:${m}`)), ...settings.defaultExperts]),
  ];

  async function loadStoredKeys(): Promise<Partial<Record<ProviderId, string>>> {
    if (storedKeys) return storedKeys;
    const keys: Partial<Record<ProviderId, string>> = {};
    if (options.secrets) {
      for (const { key, value } of await settingsRepo.list(KEY_PREFIX)) {
        const id = key.slice(KEY_PREFIX.length) as ProviderId;
        if (PROVIDER_IDS.includes(id) && typeof value === 'string') keys[id] = await options.secrets.openString(value, keyContext(id));
      }
    }
    storedKeys = keys;
    return keys;
  }

  const registryOptions = () => ({
    settings: options.providers,
    storedKeys,
    fetch: options.fetch,
    clock,
    contextTokens,
    openrouter: { referer: settings.openrouter.referer, title: settings.openrouter.title },
  });

  function providers(): ReadonlyMap<ProviderId, LLMProvider> {
    if (built) return built;
    const map = new Map<ProviderId, LLMProvider>();
    for (const id of PROVIDER_IDS) {
      const p = options.providerOverrides?.[id] ?? buildProvider(id, registryOptions());
      if (p) map.set(id, p);
    }
    built = map;
    return map;
  }

  const env: ConsultEnv = {
    settings,
    clock,
    ids,
    resilience,
    rateGate,
    prices,
    repo,
    providers,
    knownExperts,
    contextTokens,
    readFile: options.readFile,
    snapshotContext: options.snapshotContext,
  };

  const breakerState = (provider: ProviderId) => resilience.breakers.get(dependencyOf(provider)).state;

  return {
    async consult(input, consultOptions) {
      if (!settings.enabled) throw new AppError('E_UNAVAILABLE', 'The Circle of Experts is disabled (experts.enabled = false).');
      await loadStoredKeys();
      return runConsult(env, log, input, consultOptions);
    },

    async list(raw = {}) {
      const input = parseInput(listInput, raw);
      await loadStoredKeys();
      const stored = await repo.weights();
      const configured = providers();
      const types = input.type ? [input.type] : QUERY_TYPES;
      return {
        experts: knownExperts().flatMap((expertId) => {
          const parsed = parseExpertId(expertId);
          if (!parsed) return [];
          const weights: Record<string, { weight: number; evidence: number }> = {};
          for (const t of types) {
            const w = stored.get(weightKey(expertId, t));
            weights[t] = { weight: weightOf(w), evidence: evidenceOf(w) };
          }
          return [
            {
              expertId,
              provider: parsed.provider,
              model: parsed.model,
              available: configured.has(parsed.provider),
              isDefault: settings.defaultExperts.includes(expertId),
              contextTokens: contextTokens(expertId),
              price: prices.priceOf(expertId) ?? null,
              breaker: breakerState(parsed.provider),
              weights,
            },
          ];
        }),
      };
    },

    async health(raw = {}, healthOptions = {}) {
      const input = parseInput(healthInput, raw);
      await loadStoredKeys();
      const configured = providers();
      const checks = PROVIDER_IDS.map(async (provider) => {
        const p = configured.get(provider);
        const base = {
          provider,
          configured:
            p !== undefined && (options.providerOverrides?.[provider] !== undefined || isProviderConfigured(provider, registryOptions())),
          breaker: breakerState(provider),
        };
        if (!p || !input.probe) return { ...base, probe: null, missingModels: [] };
        const deadline = resilience.deadline({ timeoutMs: 10_000, signal: healthOptions.signal, label: `Health probe of ${provider}` });
        try {
          const probe = await p.health({ signal: deadline.signal });
          const listed = new Set(probe.models ?? []);
          const missingModels = probe.models ? settings.models[provider].filter((m) => !listed.has(m)) : [];
          return { ...base, probe: { ok: probe.ok, latencyMs: probe.latencyMs, detail: probe.detail }, missingModels };
        } finally {
          deadline.dispose();
        }
      });
      return { providers: await Promise.all(checks) };
    },

    async history(raw, caller = {}) {
      const input = parseInput(historyInput, raw);
      if (input.queryId) {
        const stored = await repo.getQuery(input.queryId);
        if (!stored || (caller.userId && stored.userId !== caller.userId))
          throw new AppError('E_NOT_FOUND', `No consult ${input.queryId}.`);
        return { total: 1, items: [], query: stored.result };
      }
      const filters = { ...input, userId: caller.userId ?? undefined };
      return { ...(await historyRepo.search(filters, { limit: input.limit, offset: input.offset })), query: null };
    },

    async getQuery(raw, caller = {}) {
      const input = parseInput(getQueryInput, raw);
      const stored = await repo.getQuery(input.queryId);
      // Another user's consult is answered exactly like an unknown id: ids do not leak.
      if (!stored || (caller.userId && stored.userId !== caller.userId)) throw new AppError('E_NOT_FOUND', `No consult ${input.queryId}.`);
      return { ...stored.result, context: stored.context, feedback: await repo.feedbackOf(input.queryId) };
    },

    async exportHistory(raw, caller = {}) {
      const input = parseInput(exportInput, raw);
      const queryIds = await historyRepo.ids({ ...input, userId: caller.userId ?? undefined }, input.limit);
      const results: ConsultResult[] = [];
      for (const id of queryIds) {
        const q = await repo.getQuery(id);
        if (q) results.push(q.result);
      }
      return { ...exportQueries(results, input.format), count: results.length };
    },

    async feedback(raw, caller = {}) {
      const input = parseInput(feedbackInput, raw);
      const stored = await repo.getQuery(input.queryId);
      if (!stored || (caller.userId && stored.userId !== caller.userId)) throw new AppError('E_NOT_FOUND', `No consult ${input.queryId}.`);
      const q = stored.result;
      let experts: string[];
      if (input.expertId) {
        if (!q.responses.some((r) => r.expertId === input.expertId && r.status === 'ok')) {
          const answered = q.responses.filter((r) => r.status === 'ok').map((r) => r.expertId);
          throw new AppError(
            'E_VALIDATION',
            `${input.expertId} did not answer consult ${q.queryId}. Answers came from: ${answered.join(', ') || 'nobody'}.`,
          );
        }
        experts = [input.expertId];
      } else {
        experts = q.consensus.majority;
        if (experts.length === 0) throw new AppError('E_VALIDATION', `Consult ${q.queryId} has no consensus to vote on.`);
      }
      const now = new Date(clock.now()).toISOString();
      const feedbackId = ids.uuid();
      await repo.addFeedback({
        id: feedbackId,
        ts: now,
        queryId: q.queryId,
        expertId: input.expertId ?? null,
        userId: caller.userId ?? null,
        vote: input.vote,
        comment: input.comment ?? null,
      });
      await repo.applyWeights(feedbackDeltas(q.type, input.vote, experts), now);
      const weights = await repo.weights();
      return {
        feedbackId,
        weights: experts.map((expertId) => ({ expertId, queryType: q.type, weight: weightOf(weights.get(weightKey(expertId, q.type))) })),
      };
    },

    async setProviderKey(raw) {
      const input = parseInput(setProviderKeyInput, raw);
      if (!options.secrets) {
        throw new AppError(
          'E_UNSUPPORTED',
          'Storing provider keys needs the secrets-at-rest key, which is not configured; set providers.<vendor>.apiKey instead.',
        );
      }
      await settingsRepo.set(`${KEY_PREFIX}${input.provider}`, await options.secrets.seal(input.apiKey, keyContext(input.provider)));
      storedKeys = undefined;
      built = undefined;
      await loadStoredKeys();
      return { provider: input.provider, stored: true };
    },

    async close() {
      await options.onClose?.();
    },
  };
}
