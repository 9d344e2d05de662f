import { describe, expect, it } from 'vitest';
import { upstreamEnv } from './upstream-env.js';

describe('upstream environment', () => {
  it('keeps only PATH and HOME of ours, plus the configured variables', () => {
    const ours = { PATH: '/usr/bin', HOME: '/home/ce', CODE_ENGINE_ADMIN_PASSWORD: 'secret', AWS_SECRET_ACCESS_KEY: 'x' };
    expect(upstreamEnv({ GITHUB_TOKEN: 't' }, ours)).toEqual({ PATH: '/usr/bin', HOME: '/home/ce', GITHUB_TOKEN: 't' });
  });

  it('lets the configured variables win', () => {
    expect(upstreamEnv({ PATH: '/opt/bin' }, { PATH: '/usr/bin' })).toEqual({ PATH: '/opt/bin' });
  });
});
