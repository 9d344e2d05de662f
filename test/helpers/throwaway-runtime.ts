/** A runtime on a temp SQLite database with logs discarded, for tests and scripts that need the real registry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config/load.js';
import { createRuntime, type Runtime } from '../../src/main/runtime.js';

export async function withThrowawayRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-rt-'));
  const runtime = createRuntime(loadConfig({ cwd: dir, overrides: { dataDir: dir, 'log.level': 'silent' } }), {
    logStream: { write() {} },
  });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
