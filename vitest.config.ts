import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests isolate their own data (temp dirs, PostgreSQL schemas, Redis key prefixes), so files run in parallel.
    fileParallelism: true,
    reporters: ['default'],
    env: { NODE_ENV: 'test' },
  },
});
