import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../auth/principal.js';
import { policySchema } from '../../core/config/policy.js';
import { systemIds } from '../../core/deps.js';
import { isAppError } from '../../core/errors.js';
import { createDatabase, type Database } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { coreMigrations } from '../../db/migrations/core.js';
import { fixedClock, silentLog } from '../axioms/test-kit.js';
import { createPolicyEngine } from '../engine.js';
import { ruleSchema } from '../rules/rule-schema.js';
import { policyMigrations } from './migrations.js';
import { createPolicyStore } from './policy-store.js';

let dir: string;
let db: Database;
const clock = fixedClock();
const admin: Principal = { id: 'u-1', type: 'user', name: 'root', roles: ['admin'] };
const call = (operation: string, input: Record<string, unknown> = {}) => ({
  operation,
  effects: 'write' as const,
  permission: 'x:y',
  input,
  principal: admin,
  face: 'rest' as const,
});
const engine = (settings: object = {}) =>
  createPolicyEngine({
    settings: policySchema.parse(settings),
    clock,
    log: silentLog,
    store: createPolicyStore(db, clock, systemIds),
    fileRules: [
      {
        path: 'team.yaml',
        rules: [ruleSchema.parse({ id: 'from-file', effect: 'deny', reason: 'file', match: { operations: ['file_*'] } })],
      },
    ],
  });
const code = async (p: Promise<unknown>) => {
  const e = await p.catch((x: unknown) => x);
  return isAppError(e) ? e.code : 'no error';
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ce-policy-store-'));
  db = createDatabase({ url: join(dir, 'p.db'), dataDir: dir });
  await migrateToLatest(db, [...coreMigrations, ...policyMigrations]);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('managed policy rules', () => {
  it('creates a rule that takes effect at once', async () => {
    const e = engine();
    await e.createRule({ id: 'no-x', effect: 'deny', reason: 'No x.', match: { operations: ['x_*'] } }, 'u-1');
    expect(await e.evaluate(call('x_y'))).toMatchObject({ effect: 'deny', rule: 'no-x' });
  });

  it('lists file and database rules with their source', async () => {
    const e = engine();
    await e.createRule({ id: 'db-rule', effect: 'allow', reason: 'ok' }, 'u-1');
    const list = await e.listRules();
    expect(list.map((r) => [r.rule.id, r.source])).toEqual([
      ['from-file', 'file'],
      ['db-rule', 'db'],
    ]);
    expect(list[1]).toMatchObject({ revision: 1, createdBy: 'u-1' });
  });

  it('updates a rule and bumps its revision', async () => {
    const e = engine();
    await e.createRule({ id: 'r', effect: 'deny', reason: 'v1' }, 'u-1');
    const updated = await e.updateRule('r', { effect: 'require_approval', reason: 'v2' }, 'u-2', 1);
    expect(updated).toMatchObject({ revision: 2, updatedBy: 'u-2', rule: { effect: 'require_approval' } });
    expect((await e.evaluate(call('x_y'))).effect).toBe('require_approval');
  });

  it('refuses a stale revision', async () => {
    const e = engine();
    await e.createRule({ id: 'r', effect: 'deny', reason: 'v1' }, 'u-1');
    await e.updateRule('r', { effect: 'deny', reason: 'v2' }, 'u-1');
    expect(await code(e.updateRule('r', { effect: 'allow', reason: 'v3' }, 'u-1', 1))).toBe('E_CONFLICT');
  });

  it('deletes a rule', async () => {
    const e = engine();
    await e.createRule({ id: 'r', effect: 'deny', reason: 'r' }, 'u-1');
    await e.deleteRule('r');
    expect((await e.evaluate(call('x_y'))).effect).toBe('allow');
    expect(await code(e.getRule('r'))).toBe('E_NOT_FOUND');
  });

  it('refuses a duplicate id', async () => {
    const e = engine();
    await e.createRule({ id: 'r', effect: 'deny', reason: 'r' }, 'u-1');
    expect(await code(e.createRule({ id: 'r', effect: 'deny', reason: 'r' }, 'u-1'))).toBe('E_CONFLICT');
  });

  it('keeps file rules read-only', async () => {
    const e = engine();
    expect(await code(e.createRule({ id: 'from-file', effect: 'allow', reason: 'x' }, 'u-1'))).toBe('E_FORBIDDEN');
    expect(await code(e.updateRule('from-file', { effect: 'allow', reason: 'x' }, 'u-1'))).toBe('E_FORBIDDEN');
    expect(await code(e.deleteRule('from-file'))).toBe('E_FORBIDDEN');
  });

  it('validates rules from the API like rule files', async () => {
    expect(await code(engine().createRule({ id: 'r', effect: 'deny', reason: 'r', match: { when: 'eval(1)' } }, 'u-1'))).toBe(
      'E_VALIDATION',
    );
  });

  it('shows another replica’s change after the reload interval', async () => {
    const a = engine({ reloadIntervalMs: 1000 });
    const b = engine({ reloadIntervalMs: 1000 });
    expect((await b.evaluate(call('x_y'))).effect).toBe('allow');
    await a.createRule({ id: 'r', effect: 'deny', reason: 'r' }, 'u-1');
    clock.set(clock.now() + 1001);
    // The first call after the interval notices the new stamp and reloads in the background.
    await vi.waitFor(async () => expect((await b.evaluate(call('x_y'))).effect).toBe('deny'));
  });
});

describe('axiom switches', () => {
  const destructive = {
    ...call('x_delete', { environment: 'production' }),
    effects: 'destructive' as const,
    principal: { ...admin, mfaVerifiedAt: clock.now() },
  };

  it('turns an axiom off at run time and records who did', async () => {
    const e = engine();
    expect((await e.evaluate(destructive)).effect).toBe('require_approval');
    const view = await e.setAxiom('AX-01', { enabled: false }, 'u-1');
    expect(view).toMatchObject({ id: 'AX-01', enabled: false, changed: { by: 'u-1' } });
    expect((await e.evaluate(destructive)).effect).toBe('allow');
  });

  it('puts an axiom into dry run and back', async () => {
    const e = engine();
    await e.setAxiom('AX-01', { dryRun: true }, 'u-1');
    expect((await e.evaluate(destructive)).effect).toBe('allow');
    await e.setAxiom('AX-01', { dryRun: false }, 'u-1');
    expect((await e.evaluate(destructive)).effect).toBe('require_approval');
  });

  it('keeps switches across restarts', async () => {
    await engine().setAxiom('AX-16', { enabled: false }, 'u-1');
    expect(
      engine()
        .listAxioms()
        .find((a) => a.id === 'AX-16')?.enabled,
    ).toBe(true);
    const restarted = engine();
    await restarted.reload();
    expect(restarted.listAxioms().find((a) => a.id === 'AX-16')?.enabled).toBe(false);
  });

  it('names close matches for an unknown axiom', async () => {
    const e = await engine()
      .setAxiom('AX-1', { enabled: false }, 'u-1')
      .catch((x: Error) => x);
    expect((e as Error).message).toMatch(/No axiom "AX-1"/);
  });
});
