import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { closedPort, outboundDeps } from '../../../test/helpers/loopback.js';
import { prometheusSchema } from '../../core/config/prometheus.js';
import { systemClock } from '../../core/deps.js';
import { prometheusToolServer } from './index.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function gateway(settings: Record<string, unknown>) {
  const { http, resilience } = outboundDeps();
  t = await createTestGateway({
    servers: [prometheusToolServer({ http, resilience, settings: prometheusSchema.parse(settings), clock: systemClock })],
  });
  return t;
}

const call = (name: string, input: unknown, role = 'viewer') =>
  t!.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

/** Each tool with valid arguments and arguments it must refuse. */
const TOOLS: Array<[name: string, valid: Record<string, unknown>, bad: Record<string, unknown>]> = [
  ['prometheus_query', { query: 'up' }, { query: '' }],
  ['prometheus_query_range', { query: 'up', step: '15s' }, { query: 'up', step: 'fast' }],
  ['prometheus_series', { match: ['up'] }, { match: [] }],
  ['prometheus_labels', {}, { start: 'yesterday' }],
  ['prometheus_label_values', { label: 'job' }, { label: 'bad-label' }],
  ['prometheus_targets', {}, { health: 'sick' }],
  ['prometheus_alerts', {}, { state: 'resolved' }],
  ['prometheus_rules', {}, { type: 'both' }],
  ['prometheus_metadata', {}, { limit: 0 }],
];

describe('prometheus tools, failures', () => {
  it.each(TOOLS)('%s refuses bad arguments with E_VALIDATION', async (name, _valid, bad) => {
    await gateway({ url: 'http://127.0.0.1:9' });
    const e = await failure(call(name, bad));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain(name);
  });

  it.each(TOOLS)('%s is denied without monitoring:read', async (name, valid) => {
    await gateway({ url: 'http://127.0.0.1:9' });
    const e = await failure(call(name, valid, 'ci_cd_service'));
    expect(e.code).toBe('E_FORBIDDEN');
    expect(e.message).toContain('monitoring:read');
  });

  it.each(TOOLS)('%s reports an unreachable server as E_UPSTREAM', async (name, valid) => {
    await gateway({ url: `http://127.0.0.1:${await closedPort()}` });
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UPSTREAM');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it.each(TOOLS)('%s says when prometheus.url is not set', async (name, valid) => {
    await gateway({});
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UNAVAILABLE');
    expect(e.message).toContain('prometheus.url is not set');
  });

  it('opens the prometheus breaker after repeated failures, for every tool', async () => {
    await gateway({ url: `http://127.0.0.1:${await closedPort()}` });
    for (let i = 0; i < 5; i++) expect((await failure(call('prometheus_query', { query: 'up' }))).code).toBe('E_UPSTREAM');
    const e = await failure(call('prometheus_targets', {}));
    expect(e.code).toBe('E_CIRCUIT_OPEN');
    expect(e.message).toContain('"prometheus"');
  });
});
