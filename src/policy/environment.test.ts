import { describe, expect, it } from 'vitest';
import { policySchema } from '../core/config/policy.js';
import { resolveEnvironment } from './environment.js';

const settings = policySchema.parse({
  environment: {
    namespaces: [{ match: 'prod-*', environment: 'production' }],
    targets: [{ match: 'eu-live', environment: 'production' }],
  },
});

describe('call environment', () => {
  it('takes an explicit environment argument first', () => {
    expect(resolveEnvironment({ environment: 'staging', namespace: 'prod-eu' }, settings)).toEqual({
      environment: 'staging',
      source: 'argument:environment',
      production: false,
    });
  });

  it('maps a namespace through policy.environment.namespaces', () => {
    expect(resolveEnvironment({ namespace: 'prod-eu' }, settings)).toMatchObject({ environment: 'production', source: 'namespace:prod-*' });
  });

  it('maps a deploy target through policy.environment.targets', () => {
    expect(resolveEnvironment({ target: 'eu-live' }, settings)).toMatchObject({ environment: 'production', production: true });
  });

  it('falls back to policy.environment.default', () => {
    expect(resolveEnvironment({ namespace: 'dev' }, settings)).toEqual({
      environment: 'development',
      source: 'default',
      production: false,
    });
  });

  it('counts prod-like names as production', () => {
    expect(resolveEnvironment({ env: 'prod-us' }, settings).production).toBe(true);
  });

  it('lets explain override the environment', () => {
    expect(resolveEnvironment({ environment: 'dev' }, settings, 'production')).toMatchObject({ source: 'override', production: true });
  });
});
