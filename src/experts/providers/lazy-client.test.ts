import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import { lazyClient } from './lazy-client.js';

const run = promisify(execFile);

/** A module-resolution hook that reports every package (bare specifier) a process resolves, on stderr. */
const REPORT_PACKAGES = `export async function resolve(specifier, context, next) {
  if (!/^(\\.|\\/|file:|node:|data:)/.test(specifier)) process.stderr.write('[package] ' + specifier + '\\n');
  return next(specifier, context);
}`;

describe('lazyClient', () => {
  it('builds the client once for concurrent and later calls', async () => {
    let builds = 0;
    const client = lazyClient('anthropic', 'sdk', async () => ({ n: ++builds }));
    const [a, b] = await Promise.all([client(), client()]);
    expect(a).toBe(b);
    expect(await client()).toBe(a);
    expect(builds).toBe(1);
  });

  it('fails as E_UNAVAILABLE naming the package when the SDK cannot be loaded', async () => {
    const client = lazyClient('openai', 'openai', async () => {
      throw new Error('Cannot find package');
    });
    const error = await client().catch((e: unknown) => e);
    expect(hasCode(error, 'E_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe('OpenAI is unavailable: its SDK (openai) could not be loaded.');
  });

  it('tries again after a failed load', async () => {
    let attempts = 0;
    const client = lazyClient('openai', 'openai', async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('not yet');
      return 'client';
    });
    await client().catch(() => undefined);
    expect(await client()).toBe('client');
  });

  it('keeps the vendor SDKs out of a process that builds providers but never calls them', async () => {
    const registry = fileURLToPath(new URL('./registry.ts', import.meta.url));
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(REPORT_PACKAGES)}));
      const { buildProvider } = await import(${JSON.stringify(registry)});
      const settings = { enabled: true, apiKey: 'k' };
      const options = { settings: { anthropic: settings, openai: settings, gemini: settings, openrouter: settings, ollama: settings, huggingface: settings }, fetch, clock: { now: () => 0, monotonic: () => 0 }, contextTokens: () => 8000 };
      for (const id of ['anthropic', 'openai', 'openrouter', 'huggingface']) buildProvider(id, options);
    `;
    const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 });
    const packages = [...stderr.matchAll(/\[package\] (\S+)/g)].map((m) => m[1]);
    expect(packages).toContain('zod');
    expect(packages.filter((p) => p === 'openai' || p?.startsWith('@anthropic-ai/'))).toEqual([]);
  }, 60_000);
});
