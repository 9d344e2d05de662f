/**
 * An experts service over real parts for tests: a migrated temp database (SQLite or PostgreSQL), the
 * resilience service on injected timers, and scripted providers or providers pointed at loopback fakes.
 */
import { expertsSchema } from '../../src/core/config/experts.js';
import { systemClock, systemIds } from '../../src/core/deps.js';
import { createLogger } from '../../src/core/logger.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Dialect } from '../../src/db/migration.js';
import { coreMigrations } from '../../src/db/migrations/core.js';
import { createExpertsService, type ExpertsService, type ExpertsServiceOptions } from '../../src/experts/experts-service.js';
import { expertsMigrations } from '../../src/experts/migrations.js';
import type { ProviderSettings } from '../../src/experts/providers/registry.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/experts/types.js';
import { createResilience, type Resilience, type ResilienceSettings, systemTimers, type Timers } from '../../src/resilience/index.js';
import { openTestDatabase, type TestDatabase } from './pg.js';

/**
 * Timers where every wait of at least `instantFromMs` fires at once (and is recorded), while shorter waits
 * (the short deadlines tests use) run on real timers. Lets a test honour a 2 s Retry-After without sleeping.
 */
export function fastForwardTimers(instantFromMs = 1000): Timers & { waits: number[] } {
  const waits: number[] = [];
  const instant = new WeakSet<object>();
  return {
    waits,
    setTimeout(callback, delayMs) {
      if (delayMs < instantFromMs) return systemTimers.setTimeout(callback, delayMs);
      waits.push(delayMs);
      const handle = setImmediate(callback);
      instant.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      if (instant.has(handle as object)) clearImmediate(handle as NodeJS.Immediate);
      else systemTimers.clearTimeout(handle);
    },
  };
}

/** Options of `startExpertsService`. */
export interface TestExpertsOptions {
  dialect?: Dialect;
  /** `experts` config section overrides (parsed with the real schema). */
  settings?: Record<string, unknown>;
  /** `providers` config section: which vendors are keyed, base URLs. */
  providers?: Partial<Record<ProviderId, Partial<ProviderSettings>>>;
  providerOverrides?: ExpertsServiceOptions['providerOverrides'];
  resilience?: ResilienceSettings;
  timers?: Timers;
  readFile?: ExpertsServiceOptions['readFile'];
  secrets?: ExpertsServiceOptions['secrets'];
}

/** A service under test and its parts. */
export interface TestExperts {
  service: ExpertsService;
  resilience: Resilience;
  database: TestDatabase;
  cleanup(): Promise<void>;
}

/** Build the service on a fresh migrated database. */
export async function startExpertsService(options: TestExpertsOptions = {}): Promise<TestExperts> {
  const database = await openTestDatabase(options.dialect ?? 'sqlite');
  await migrateToLatest(database.db, [...coreMigrations, ...expertsMigrations]);
  const resilience = createResilience({
    clock: systemClock,
    random: () => 0,
    timers: options.timers ?? systemTimers,
    settings: options.resilience ?? {},
  });
  const providers = Object.fromEntries(PROVIDER_IDS.map((id) => [id, { enabled: true, ...options.providers?.[id] }])) as Record<
    ProviderId,
    ProviderSettings
  >;
  let service: ExpertsService;
  try {
    service = build();
  } catch (e) {
    await database.cleanup();
    throw e;
  }
  return { service, resilience, database, cleanup: () => database.cleanup() };

  function build(): ExpertsService {
    return createExpertsService({
      settings: expertsSchema.parse({ devilsAdvocate: false, ...options.settings }),
      providers,
      db: database.db,
      clock: systemClock,
      ids: systemIds,
      log: createLogger({ level: 'silent', format: 'json' }),
      resilience,
      fetch: globalThis.fetch,
      ...(options.providerOverrides ? { providerOverrides: options.providerOverrides } : {}),
      ...(options.readFile ? { readFile: options.readFile } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
  }
}
