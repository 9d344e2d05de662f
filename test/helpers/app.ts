/**
 * Starts the real app on an ephemeral port with a temp SQLite file (or a given database), capturing log lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteGroup } from '../../src/adapters/http/app.js';
import { loadConfig } from '../../src/core/config/load.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/main/runtime.js';
import { type RunningServer, startServer } from '../../src/main/serve.js';

export interface TestServer {
  url: string;
  runtime: Runtime;
  server: RunningServer;
  /** Every log line written so far (JSON strings). */
  logs: string[];
  dataDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Dotted config overrides, as `--set` would give them. */
  overrides?: Record<string, string>;
  env?: Record<string, string>;
  runtime?: Omit<RuntimeOptions, 'logStream'>;
  /** Extra routes for the test (e.g. a slow route to test draining). */
  routes?: RouteGroup[];
}

/** Capture pino output as lines. */
export function captureLogs(): { lines: string[]; stream: { write(s: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => void lines.push(s) } };
}

/** Start the app like `code-engine serve` does, on 127.0.0.1 and a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ce-app-'));
  const loaded = loadConfig({
    env: options.env ?? {},
    cwd: dataDir,
    overrides: { dataDir, 'server.port': '0', 'server.shutdownTimeoutMs': '5000', 'log.level': 'debug', ...options.overrides },
  });
  const logs = captureLogs();
  const runtime = createRuntime(loaded, { ...options.runtime, logStream: logs.stream });
  const server = await startServer(runtime, options.routes ? { extraRoutes: options.routes } : {});
  return {
    url: server.url,
    runtime,
    server,
    logs: logs.lines,
    dataDir,
    async close() {
      await server.stop('test finished');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
