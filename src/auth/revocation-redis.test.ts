import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAuth, manualClock, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import { REDIS_URL, redisAvailable, testKeyPrefix } from '../../test/helpers/redis.js';
import { createRedis, type Redis } from '../db/redis.js';

describe.runIf(await redisAvailable())('revocation mirrored in Redis', () => {
  const clock = manualClock();
  let redisA: Redis;
  let redisB: Redis;
  let a: TestAuth;
  let b: TestAuth;

  beforeAll(async () => {
    const keyPrefix = testKeyPrefix();
    redisA = createRedis({ url: REDIS_URL, keyPrefix, connectTimeoutMs: 2000 });
    redisB = createRedis({ url: REDIS_URL, keyPrefix, connectTimeoutMs: 2000 });
    // Two replicas with separate databases: only Redis can carry a revocation from one to the other.
    a = await createTestAuth('sqlite', { redis: redisA, clock });
    b = await createTestAuth('sqlite', { redis: redisB, clock });
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
    redisA.disconnect();
    redisB.disconnect();
  });

  it('makes a revocation on one replica visible on another at once', async () => {
    await b.auth.core.revocations.isRevoked('jti-shared');
    await a.auth.core.revocations.revoke('jti-shared', clock.now() + 60_000, 'logout');
    expect(await b.auth.core.revocations.isRevoked('jti-other')).toBe(false);
    clock.advance(a.deps.config.auth.cacheTtlMs + 1);
    expect(await b.auth.core.revocations.isRevoked('jti-shared')).toBe(true);
  });

  it('sees a revocation the other replica never checked before without waiting', async () => {
    await a.auth.core.revocations.revoke('jti-fresh', clock.now() + 60_000, 'logout');
    expect(await b.auth.core.revocations.isRevoked('jti-fresh')).toBe(true);
  });

  it('expires the Redis entry with the token', async () => {
    await a.auth.core.revocations.revoke('jti-short', clock.now() + 60_000, 'logout');
    const ttl = await redisA.pttl('auth:revoked:jti-short');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('rejects a logged-out access token on a replica sharing the keys', async () => {
    await a.seedUser('dana', ['viewer']);
    const login = await a.auth.sessions.login('dana', PASSWORD);
    if (login.status !== 'authenticated') throw new Error('expected tokens');
    await a.auth.sessions.logout(login.tokens.accessToken);
    const claims = await a.auth.core.tokens.verify('access', login.tokens.accessToken);
    expect(await b.auth.core.revocations.isRevoked(claims.jti)).toBe(true);
  });
});
