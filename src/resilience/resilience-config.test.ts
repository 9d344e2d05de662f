import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { BUILT_IN_RETRY_PRESETS, resilienceSchema } from '../core/config/resilience.js';
import { DEFAULT_BULKHEAD_SETTINGS } from './bulkhead.js';
import { DEFAULT_BREAKER_SETTINGS } from './circuit-breaker.js';
import { createResilience } from './create-resilience.js';
import { DEFAULT_FAILURE_CODES } from './failure-classifier.js';
import { RETRY_PRESETS } from './retry-presets.js';

const load = (overrides: Record<string, string> = {}, env: Record<string, string> = {}) =>
  loadConfig({ env, cwd: mkdtempSync(join(tmpdir(), 'ce-res-')), overrides }).config;

describe('resilience config', () => {
  it('defaults to the built-in settings of breakers, bulkheads and retry presets', () => {
    const defaults = resilienceSchema.parse(undefined);
    expect(defaults.breaker).toEqual({ ...DEFAULT_BREAKER_SETTINGS, failureCodes: [...DEFAULT_FAILURE_CODES] });
    expect(defaults.bulkhead).toEqual(DEFAULT_BULKHEAD_SETTINGS);
    expect([...BUILT_IN_RETRY_PRESETS]).toEqual(Object.keys(RETRY_PRESETS));
    expect(defaults.retry.defaultPreset).toBe('standard');
  });

  it('feeds per-dependency overrides from config into the registries', () => {
    const config = load(
      {
        'resilience.breakers': '{"provider:anthropic": {"openMs": 30000, "failureCodes": ["E_TIMEOUT"]}}',
        'resilience.bulkheads': '{"k8s:prod": {"maxConcurrent": 2}}',
      },
      { CODE_ENGINE_RESILIENCE_BREAKER_CONSECUTIVE_FAILURES: '7' },
    );
    const resilience = createResilience({ clock: { now: () => 0, monotonic: () => 0 }, random: () => 0, settings: config.resilience });
    expect(resilience.breakers.get('provider:anthropic').snapshot().settings).toMatchObject({ openMs: 30_000, consecutiveFailures: 7 });
    expect(resilience.breakers.get('mcp:github').snapshot().settings).toMatchObject({ openMs: 60_000 });
    expect(resilience.bulkheads.get('k8s:prod').snapshot().settings).toEqual({ maxConcurrent: 2, maxQueue: 100 });
  });

  it('rejects an unknown default retry preset when loading', () => {
    expect(() => load({ 'resilience.retry.defaultPreset': 'eager' })).toThrow(/defaultPreset/);
  });

  it('rejects unknown error codes and rates above 1', () => {
    expect(() => load({ 'resilience.breaker.failureCodes': '["E_NOPE"]' })).toThrow(/failureCodes/);
    expect(() => load({ 'resilience.breaker.failureRate': '1.5' })).toThrow(/failureRate/);
  });
});
