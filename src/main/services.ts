/**
 * Capability services, built once per process from the runtime's base parts. Each capability adds its
 * service here (in dependency order) and nowhere else; faces receive them through the runtime.
 */
import { resolve } from 'node:path';
import { type AuditLog, createAuditLog } from '../auth/audit/audit-log.js';
import { type AuthService, createAuthService } from '../auth/auth-service.js';
import { createRateLimiter, type RateLimiter } from '../auth/rate-limit/rate-limiter.js';
import { createRedisStore } from '../auth/rate-limit/redis-store.js';
import { totpSecretBox } from '../auth/secret-box.js';
import type { Deps } from '../core/deps.js';
import { type CrawlerService, createCrawlerService } from '../crawler/crawler-service.js';
import { createAdvisoryStore } from '../crawler/deps/advisories/db-advisory-store.js';
import type { Database } from '../db/database.js';
import type { Redis } from '../db/redis.js';
import { createExpertsService, type ExpertsService } from '../experts/experts-service.js';
import { guardedFileReader } from '../experts/prompt/file-context.js';
import { crawlerSnapshotContext } from '../experts/prompt/snapshot-context.js';
import type { Registry } from '../monitoring/metrics.js';
import type { ApprovalService } from '../policy/approvals/index.js';
import type { HttpClient } from '../resilience/http-client.js';
import { createResilience, type Resilience } from '../resilience/index.js';
import { protectedPaths } from '../tools/desktop/index.js';
import { createApprovals } from './approvals-service.js';
import { createProviderHttpClient } from './experts-http.js';
import { createSecurityServices, type SecurityServices } from './security-services.js';
import { VERSION } from './version.js';

/** What services are built from. */
export interface ServiceBase {
  deps: Deps;
  db: Database;
  redis: Redis | undefined;
  metrics: Registry;
  /** The config file loaded at start: like code-engine's keys and database, never readable by a tool. */
  configFile?: string | undefined;
  /** Every secret value the config holds (configSecretValues), scrubbed wherever it would be written. */
  knownSecrets: readonly string[];
}

/** Every capability service, by name. */
export type Services = {
  /** The hash-chained audit log (the AuditSink of every capability). */
  audit: AuditLog;
  /** Token buckets per caller (HTTP requests, MCP tool calls); shared through Redis when configured. */
  rateLimiter: RateLimiter;
  /** Users, tokens, API keys, RBAC and MFA: `authenticate(credentials)` and `authorize(principal, permission)`. */
  auth: AuthService;
  /** Circuit breakers, bulkheads, retry and deadlines per dependency: `resilience.run(dependency, fn, options)`. */
  resilience: Resilience;
  /** Path guard, process runner, SSRF guard, secrets at rest and the redactor (docs/security.md). */
  security: SecurityServices;
  /** The shared outbound HTTP client: SSRF-guarded agent, `request` with redirect checks and size cap, guarded `fetch`. */
  http: HttpClient;
  /** The Circle of Experts: consult a panel of LLMs; consensus, costs, adaptive weights and history. */
  experts: ExpertsService;
  /** Code-base scans, stored snapshots, diffs and findings. */
  crawler: CrawlerService;
  /** Approval requests for calls policy holds back: decide (quorum, expiry), execute once, notify (docs/approvals.md). */
  approvals: ApprovalService;
};

export function createServices(base: ServiceBase): Services {
  const { deps, db } = base;
  const { config } = deps;
  const resilience = createResilience({
    clock: deps.clock,
    // Jitter only spreads retries apart; it needs no cryptographic randomness.
    random: Math.random,
    settings: config.resilience,
    metrics: { registry: base.metrics, prefix: config.metrics.prefix },
    onListenerError: (err) => deps.log.warn({ err }, 'a circuit-breaker subscriber failed'),
    onRetry: (dependency, { attempt, delayMs, error }) =>
      deps.log.debug({ dependency, attempt, delayMs, code: (error as { code?: unknown }).code }, 'retrying a failed call'),
  });
  const { security, http } = createSecurityServices({ config, deps, env: process.env, knownSecrets: base.knownSecrets });
  resilience.breakers.subscribe((e) => {
    const level = e.to === 'open' ? 'warn' : 'info';
    deps.log[level]({ breaker: e.breaker, from: e.from, to: e.to, reason: e.reason }, `circuit breaker ${e.breaker} is ${e.to}`);
  });
  const audit = createAuditLog({
    db,
    clock: deps.clock,
    ids: deps.ids,
    hmacKey: config.auth.auditHmacKey,
    maxDetailsBytes: config.audit.maxDetailsBytes,
    retentionDays: config.audit.retentionDays,
    archiveDir: resolve(config.dataDir, config.audit.archiveDir ?? 'audit-archive'),
    knownSecrets: base.knownSecrets,
  });
  const { rateLimit } = config;
  const shared = rateLimit.store === 'redis' || (rateLimit.store === 'auto' && base.redis !== undefined);
  if (rateLimit.store === 'redis' && !base.redis)
    deps.log.warn('rateLimit.store is "redis" but redis.url is not set; limiting per process');
  const rateLimiter = createRateLimiter({
    policy: { perMinute: rateLimit.perMinute, burst: rateLimit.burst },
    clock: deps.clock,
    ...(shared && base.redis ? { store: createRedisStore(base.redis) } : {}),
    storeTimeoutMs: rateLimit.storeTimeoutMs,
    log: deps.log.child({ component: 'rate-limit' }),
  });
  const auth = createAuthService({ deps, db, redis: base.redis, audit, secretBox: totpSecretBox(security.secrets) });
  const crawler = createCrawlerService({
    db,
    clock: deps.clock,
    ids: deps.ids,
    config: config.crawler,
    version: VERSION,
    advisories: createAdvisoryStore(db, deps.clock),
  });
  const providerHttp = createProviderHttpClient(config);
  const experts = createExpertsService({
    settings: config.experts,
    providers: config.providers,
    db,
    clock: deps.clock,
    ids: deps.ids,
    log: deps.log.child({ component: 'experts' }),
    resilience,
    fetch: providerHttp.fetch,
    secrets: security.secrets,
    // Attachments leave the machine (to LLM vendors): the same protected paths as every file tool (keys, database, config).
    readFile: guardedFileReader(security.pathGuard.excluding(protectedPaths({ config, configFile: base.configFile, cwd: process.cwd() }))),
    snapshotContext: crawlerSnapshotContext(crawler),
    onClose: () => providerHttp.close(),
  });
  const approvals = createApprovals({ deps, config, db, audit, security, http, resilience });
  return { audit, rateLimiter, auth, resilience, crawler, experts, security, http, approvals };
}

/** Configured secret values, scrubbed from audit details wherever they appear. */
