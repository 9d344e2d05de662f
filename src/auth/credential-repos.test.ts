import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, migrateTestDatabase } from '../../test/helpers/auth.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { createLogger } from '../core/logger.js';
import { createRefreshTokensRepo } from './refresh-tokens-repo.js';
import { createRevocationList } from './revocation-list.js';
import { createRolesRepo } from './roles-repo.js';
import { createUsersRepo } from './users-repo.js';

const log = createLogger({ level: 'silent', format: 'json', stream: { write: () => {} } });

describe.each(await testDialects())('auth repositories on %s', (dialect) => {
  let t: TestDatabase;
  const clock = manualClock();

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    await migrateTestDatabase(t.db);
    await createUsersRepo(t.db, clock).insert({ id: 'u1', username: 'dana', passwordHash: 'h', roles: [], grantedBy: null });
  });
  afterEach(() => t.cleanup());

  describe('roles', () => {
    it('stores, updates and deletes a custom role', async () => {
      const repo = createRolesRepo(t.db, clock);
      await repo.insert({ name: 'deployer', description: 'd', permissions: ['deploy:execute'], inherits: ['viewer'], builtIn: false });
      await expect(repo.insert({ name: 'deployer', description: '', permissions: [], inherits: [], builtIn: false })).rejects.toMatchObject(
        { code: 'E_CONFLICT' },
      );
      expect(await repo.update({ name: 'deployer', description: 'e', permissions: [], inherits: [], builtIn: false })).toBe(true);
      expect(await repo.list()).toEqual([{ name: 'deployer', description: 'e', permissions: [], inherits: [], builtIn: false }]);
      expect(await repo.delete('deployer')).toBe(true);
    });
  });

  describe('refresh tokens', () => {
    it('lets only the first spend of a token succeed', async () => {
      const repo = createRefreshTokensRepo(t.db, clock);
      await repo.insert({ jti: 'r1', familyId: 'f1', userId: 'u1', expiresAt: clock.now() + 60_000 });
      const results = await Promise.all([repo.spend('r1'), repo.spend('r1'), repo.spend('r1')]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('revokes every token of a family', async () => {
      const repo = createRefreshTokensRepo(t.db, clock);
      await repo.insert({ jti: 'r1', familyId: 'f1', userId: 'u1', expiresAt: clock.now() + 60_000 });
      await repo.insert({ jti: 'r2', familyId: 'f1', userId: 'u1', expiresAt: clock.now() + 60_000 });
      await repo.insert({ jti: 'r3', familyId: 'f2', userId: 'u1', expiresAt: clock.now() + 60_000 });
      expect(await repo.revokeFamily('f1')).toBe(2);
      expect(await repo.spend('r2')).toBe(false);
      expect(await repo.spend('r3')).toBe(true);
    });

    it('purges expired tokens', async () => {
      const repo = createRefreshTokensRepo(t.db, clock);
      await repo.insert({ jti: 'r1', familyId: 'f1', userId: 'u1', expiresAt: clock.now() + 1000 });
      clock.advance(2000);
      expect(await repo.purgeExpired()).toBe(1);
      expect(await repo.find('r1')).toBeUndefined();
    });
  });

  describe('revocation list', () => {
    it('reports a revoked id until it expires', async () => {
      const list = createRevocationList({ db: t.db, redis: undefined, clock, log, cacheTtlMs: 0 });
      await list.revoke('jti-1', clock.now() + 5000, 'test');
      expect(await list.isRevoked('other', 'jti-1')).toBe(true);
      clock.advance(6000);
      expect(await list.isRevoked('jti-1')).toBe(false);
    });

    it('sees a revocation written by another process through the database', async () => {
      const a = createRevocationList({ db: t.db, redis: undefined, clock, log, cacheTtlMs: 1000 });
      const b = createRevocationList({ db: t.db, redis: undefined, clock, log, cacheTtlMs: 1000 });
      expect(await b.isRevoked('jti-2')).toBe(false);
      await a.revoke('jti-2', clock.now() + 60_000, 'test');
      clock.advance(1001);
      expect(await b.isRevoked('jti-2')).toBe(true);
    });

    it('purges expired rows', async () => {
      const list = createRevocationList({ db: t.db, redis: undefined, clock, log, cacheTtlMs: 0 });
      await list.revoke('jti-3', clock.now() + 1000, 'test');
      clock.advance(1001);
      expect(await list.purgeExpired()).toBe(1);
    });
  });
});
