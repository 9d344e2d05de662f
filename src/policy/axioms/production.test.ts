import { describe, expect, it } from 'vitest';
import type { Effects } from '../../gateway/operation.js';
import type { AxiomExample } from '../types.js';
import { fire } from './test-kit.js';

const call = (effects: Effects, args: Record<string, unknown>, extra: Partial<AxiomExample> = {}): AxiomExample => ({
  operation: 'deploy_delete_release',
  effects,
  arguments: args,
  ...extra,
});

describe('AX-01 destructive operations in production need approval', () => {
  it.each([
    ['destructive in production', call('destructive', { environment: 'production' }), true],
    ['destructive in a prod-* namespace-less env', call('destructive', { env: 'prod-eu' }), true],
    ['destructive in staging', call('destructive', { environment: 'staging' }), false],
    ['destructive without an environment (default development)', call('destructive', {}), false],
    ['write in production', call('write', { environment: 'production' }), false],
    ['destructive with explain overriding to production', call('destructive', {}, { environment: 'production' }), true],
  ])('%s → fires: %s', async (_, c, fires) => {
    expect((await fire('AX-01', c))?.effect).toBe(fires ? 'require_approval' : undefined);
  });

  it('maps a namespace to production through config', async () => {
    const c = call(
      'destructive',
      { namespace: 'prod-shop' },
      { settings: { environment: { namespaces: [{ match: 'prod-*', environment: 'production' }] } } },
    );
    expect(await fire('AX-01', c)).toBeDefined();
  });
});

describe('AX-26 destructive calls in production need a human caller', () => {
  it.each([
    ['api key', 'api_key', true],
    ['service', 'service', true],
    ['user', 'user', false],
  ] as const)('%s → fires: %s', async (_, principalType, fires) => {
    expect(Boolean(await fire('AX-26', call('destructive', { environment: 'production' }, { principalType })))).toBe(fires);
  });

  it('ignores non-production environments', async () => {
    expect(await fire('AX-26', call('destructive', { environment: 'dev' }, { principalType: 'api_key' }))).toBeUndefined();
  });
});

describe('AX-27 production changes outside business hours need approval', () => {
  it.each([
    ['Saturday night', '2026-01-10T03:00:00Z', true],
    ['Wednesday 08:59', '2026-01-07T08:59:00Z', true],
    ['Wednesday 09:00', '2026-01-07T09:00:00Z', false],
    ['Friday 16:59', '2026-01-09T16:59:00Z', false],
    ['Friday 17:00', '2026-01-09T17:00:00Z', true],
  ])('%s → fires: %s', async (_, at, fires) => {
    expect(Boolean(await fire('AX-27', call('write', { environment: 'production' }, { at })))).toBe(fires);
  });

  it('uses the configured time zone', async () => {
    const settings = { businessHours: { timezone: 'Asia/Tokyo', days: ['mon', 'tue', 'wed', 'thu', 'fri'], between: '09:00-17:00' } };
    // 01:00 UTC on a Wednesday is 10:00 in Tokyo.
    expect(await fire('AX-27', call('write', { environment: 'production' }, { at: '2026-01-07T01:00:00Z', settings }))).toBeUndefined();
  });
});
