/**
 * The dependencies every capability receives, built once in src/main. Nothing below src/main reads
 * process.env, Date.now(), Math.random() or the global fetch: it asks Deps.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from './config/schema.js';
import type { Logger } from './logger.js';

/** Wall clock in epoch milliseconds, and a monotonic clock for durations. */
export interface Clock {
  now(): number;
  /** Monotonic milliseconds (performance.now()); only differences are meaningful. */
  monotonic(): number;
}

/** Identifier and randomness source. */
export interface Ids {
  uuid(): string;
  /** Cryptographically random bytes. */
  bytes(n: number): Buffer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

export const systemIds: Ids = {
  uuid: () => randomUUID(),
  bytes: (n) => randomBytes(n),
};

/** The base dependencies; capability services are added by src/main as they are built. */
export interface Deps {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly ids: Ids;
}
