/**
 * A desktop tool server over real temp directories and a real process runner, behind the real gateway pipeline
 * (RBAC over the built-in roles, validation, destructive confirmation). The file root holds a protected data dir
 * and config file, as a careless deployment would; an `outside` directory next to it holds a secret.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../src/auth/principal.js';
import { type DesktopConfig, desktopSchema } from '../../src/core/config/desktop.js';
import { loadConfig } from '../../src/core/config/load.js';
import { systemClock } from '../../src/core/deps.js';
import { type AppError, toAppError } from '../../src/core/errors.js';
import type { ToolServer } from '../../src/gateway/operation.js';
import type { CallResult } from '../../src/gateway/pipeline.js';
import { createPathGuard, type PathGuard } from '../../src/security/path-guard.js';
import { createProcessRunner, type ProcessRunner } from '../../src/security/process-runner.js';
import { desktopToolServer, protectedPaths } from '../../src/tools/desktop/index.js';
import { createTestGateway, principal, type TestGateway } from './gateway.js';

/** The secret in `outside/secret.txt`; no desktop call may ever return it. */
export const OUTSIDE_SECRET = 'outside-secret-5f0c';
/** The content of the protected key file in the data dir. */
export const DATA_SECRET = 'data-dir-secret-9e1a';

export interface DesktopFixture {
  /** Real temp directory holding everything. */
  base: string;
  /** The file root. */
  root: string;
  /** Outside every root. */
  outside: string;
  /** The (protected) data dir, inside the root. */
  dataDir: string;
  /** The (protected) config file, inside the root. */
  configFile: string;
  guard: PathGuard;
  runner: ProcessRunner;
  server: ToolServer;
  t: TestGateway;
  /** Call through the gateway as `role` (default operator), destructive calls confirmed up front. */
  call(name: string, input: unknown, options?: CallOptions): Promise<CallResult>;
  /** The same call, expected to fail: returns its AppError. */
  fail(name: string, input: unknown, options?: CallOptions): Promise<AppError>;
  close(): Promise<void>;
}

export interface CallOptions {
  role?: string;
  principal?: Principal;
  confirmed?: boolean;
  signal?: AbortSignal;
}

export interface DesktopFixtureOptions {
  /** Programs in security.subprocess.allow and desktop.commands.allow. */
  allow?: string[];
  /** `desktop` settings (defaults from the schema). */
  settings?: Record<string, unknown>;
  mode?: 'full' | 'read_only' | 'non_destructive';
  /** Extra file roots (e.g. one on another filesystem). */
  extraRoots?: string[];
}

/** Build the fixture; `close()` kills sessions and removes the directories. */
export async function createDesktopFixture(options: DesktopFixtureOptions = {}): Promise<DesktopFixture> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-desktop-')));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  const dataDir = join(root, '.code-engine');
  const configFile = join(root, 'code-engine.yaml');
  for (const d of [root, outside, dataDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_SECRET);
  writeFileSync(join(dataDir, 'secrets.key'), DATA_SECRET);
  writeFileSync(configFile, 'desktop:\n  commands:\n    allow: []\n');
  const guard = createPathGuard({ roots: [root, ...(options.extraRoots ?? [])] });
  const allow = options.allow ?? [];
  const runner = createProcessRunner({
    allow,
    pathGuard: guard,
    baseEnv: { HOME: base, LANG: 'C.UTF-8' },
    killGraceMs: 200,
    sessions: { idleTimeoutMs: 0 },
  });
  const settings: DesktopConfig = desktopSchema.parse({
    ...options.settings,
    commands: { allow, ...(options.settings?.commands as object) },
  });
  const server = desktopToolServer({
    pathGuard: guard,
    processes: runner,
    settings,
    // As src/main computes them, with the root as the working directory (config discovery happens there).
    protectedPaths: protectedPaths({ config: loadConfig({ cwd: root, overrides: { dataDir } }).config, configFile, cwd: root }),
    clock: systemClock,
  });
  const t = await createTestGateway({ servers: [server], ...(options.mode ? { mode: options.mode } : {}) });
  const call: DesktopFixture['call'] = (name, input, o = {}) =>
    t.gateway.call(name, input, {
      face: 'mcp-stdio',
      principal: o.principal ?? principal(o.role ?? 'operator'),
      requestId: 'desktop-test',
      confirmed: o.confirmed ?? true,
      ...(o.signal ? { signal: o.signal } : {}),
    });
  return {
    base,
    root,
    outside,
    dataDir,
    configFile,
    guard,
    runner,
    server,
    t,
    call,
    async fail(name, input, o) {
      try {
        await call(name, input, o);
      } catch (e) {
        return toAppError(e);
      }
      throw new Error(`${name} succeeded but was expected to fail`);
    },
    async close() {
      await runner.close();
      await t.cleanup();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
