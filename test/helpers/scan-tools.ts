/**
 * A test gateway with the crawler's faces (crawler_*, security_*, supply_chain_*) over real parts: the crawler
 * service and advisory store on the gateway's temp SQLite database, a path guard over a temp workspace.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Principal } from '../../src/auth/principal.js';
import { crawlerSchema } from '../../src/core/config/crawler.js';
import { systemClock, systemIds } from '../../src/core/deps.js';
import { type CrawlerService, createCrawlerService } from '../../src/crawler/crawler-service.js';
import type { AdvisoryStore } from '../../src/crawler/deps/advisories/advisory-store.js';
import { createAdvisoryStore } from '../../src/crawler/deps/advisories/db-advisory-store.js';
import type { ToolServer } from '../../src/gateway/operation.js';
import type { CallRequest, CallResult } from '../../src/gateway/pipeline.js';
import { createPathGuard, type PathGuard } from '../../src/security/path-guard.js';
import { createTestGateway, principal, type TestGateway } from './gateway.js';

/** The parts a tool server under test is built from. */
export interface ScanToolParts {
  crawler: CrawlerService;
  files: PathGuard;
  advisories: AdvisoryStore;
  workspace: string;
}

/** A gateway with the servers under test, and helpers to build trees and call tools. */
export interface ScanToolsHarness extends ScanToolParts {
  tg: TestGateway;
  /** Write files under the workspace (path → content); returns the absolute path of `dir`. */
  tree(dir: string, files: Record<string, string>): string;
  /** Run git in `dir` (a fixture repository): no user config, fixed identity, no signing. */
  git(dir: string, ...args: string[]): string;
  /** Call a tool as a principal with `role` (default operator). */
  call(name: string, input: unknown, who?: string | Principal, extra?: Partial<CallRequest>): Promise<CallResult>;
  cleanup(): Promise<void>;
}

/** Build the harness; `servers` receives the parts and returns the tool servers to register. */
export async function createScanToolsHarness(servers: (parts: ScanToolParts) => ToolServer[]): Promise<ScanToolsHarness> {
  const tg = await createTestGateway({ servers: [] });
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ce-scan-tools-')));
  const files = createPathGuard({ roots: [workspace] });
  const advisories = createAdvisoryStore(tg.db, systemClock);
  const crawler = createCrawlerService({
    db: tg.db,
    clock: systemClock,
    ids: systemIds,
    config: crawlerSchema.parse({ workers: 0, maxCommits: 0 }),
    version: 'test',
    advisories,
  });
  const parts: ScanToolParts = { crawler, files, advisories, workspace };
  for (const server of servers(parts)) tg.gateway.registry.register(server);
  let n = 0;
  return {
    ...parts,
    tg,
    tree(dir, contents) {
      const root = join(workspace, dir);
      mkdirSync(root, { recursive: true });
      for (const [path, content] of Object.entries(contents)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      return root;
    },
    git: (dir, ...args) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: workspace, GIT_CONFIG_NOSYSTEM: '1' },
      }),
    call: (name, input, who = 'operator', extra = {}) =>
      tg.gateway.call(name, input, {
        face: 'rest',
        principal: typeof who === 'string' ? principal(who) : who,
        requestId: `req-${++n}`,
        ...extra,
      }),
    async cleanup() {
      await tg.cleanup();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
