import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../test/fakes/llm-server.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../test/fakes/openai.js';
import { loadConfig } from '../core/config/load.js';
import { createProviderHttpClient, providerIdleTimeoutMs } from './experts-http.js';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(() => fake.close());

const config = (overrides: Record<string, string> = {}) => loadConfig({ env: {}, cwd: '/tmp', overrides }).config;

describe('provider HTTP client', () => {
  it('reaches a loopback provider base URL the operator configured', async () => {
    const http = createProviderHttpClient(config({ 'providers.openai.baseUrl': `${fake.url}/v1` }));
    try {
      const res = await http.fetch(`${fake.url}/v1/models`, { headers: { authorization: `Bearer ${OPENAI_FAKE_KEY}` } });
      expect(res.status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('refuses loopback addresses no provider is configured for', async () => {
    const http = createProviderHttpClient(config());
    try {
      await expect(async () => http.fetch(`${fake.url}/v1/models`)).rejects.toThrow(/blocked: it targets a loopback address/);
    } finally {
      await http.close();
    }
  });

  it('waits as long as the longer experts limit between bytes', () => {
    expect(providerIdleTimeoutMs(config({ 'experts.deadlineMs': '200000', 'experts.perExpertTimeoutMs': '90000' }))).toBe(200_000);
  });

  it('has no idle timeout when a limit is off', () => {
    expect(providerIdleTimeoutMs(config({ 'experts.deadlineMs': '0' }))).toBe(0);
  });
});
