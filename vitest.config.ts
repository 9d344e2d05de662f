import { defineConfig } from 'vitest/config';

// CI (.ci/run) needs a machine-readable report to print its "N passed, N failed, N skipped" line.
const ci = process.env.CI === 'true' || process.env.CI === '1';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests isolate their own data (temp dirs, PostgreSQL schemas, Redis key prefixes), so files run in parallel.
    fileParallelism: true,
    reporters: ci ? ['default', 'json'] : ['default'],
    ...(ci ? { outputFile: { json: '.ci/out/vitest.json' } } : {}),
    env: { NODE_ENV: 'test' },
  },
});
