/**
 * What the supply-chain tool server is built from: the crawler (for whole-tree dependency data), the path guard,
 * the offline advisory store, the `supplyChain` settings and, only when they allow it, the guarded HTTP client.
 */
import type { SupplyChainConfig } from '../../core/config/supply-chain.js';
import type { Clock, Ids } from '../../core/deps.js';
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { AdvisoryStore } from '../../crawler/deps/advisories/advisory-store.js';
import type { HttpClient } from '../../resilience/http-client.js';
import type { PathGuard } from '../../security/path-guard.js';

/** Inputs of `supplyChainToolServer`. */
export interface SupplyChainDeps {
  crawler: CrawlerService;
  /** Every path argument goes through it (security.files.roots). */
  files: PathGuard;
  settings: SupplyChainConfig;
  /** Where `settings.metadataFile` is resolved from (the data dir). */
  dataDir: string;
  /** OSV advisories for risk scores; without it vulnerabilities are not scored. */
  advisories?: AdvisoryStore;
  /** The SSRF-guarded client; used only when settings.registry.enabled and a call asks for the registry. */
  http?: Pick<HttpClient, 'request'>;
  clock: Clock;
  ids: Ids;
  /** code-engine's version, named as the SBOM's tool. */
  version: string;
}
