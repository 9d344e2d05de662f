/**
 * The supply-chain face (`supply_chain_*`): CycloneDX SBOMs from the crawler's dependency data, licence reports
 * against a policy, dependency trees, outdated packages, lockfile verification and per-dependency risk scores.
 */
import type { ToolServer } from '../../gateway/operation.js';
import { dependencyTreeOp } from './dependency-tree.js';
import type { SupplyChainDeps } from './deps.js';
import { licenseReportOp } from './license-report.js';
import { outdatedOp } from './outdated.js';
import { riskScoreOp } from './risk-score.js';
import { sbomOp } from './sbom.js';
import { verifyLockfileOp } from './verify-lockfile.js';

export type { SupplyChainDeps } from './deps.js';

/**
 * The `supply_chain` tool server.
 * @example registry.register(supplyChainToolServer({ crawler, files, settings: config.supplyChain, dataDir, advisories, http, clock, ids, version }))
 */
export function supplyChainToolServer(deps: SupplyChainDeps): ToolServer {
  return {
    name: 'supply_chain',
    title: 'Supply chain',
    description: 'SBOMs (CycloneDX 1.5), licences, dependency trees, outdated packages, lockfile checks and dependency risk scores.',
    operations: [sbomOp(deps), licenseReportOp(deps), dependencyTreeOp(deps), outdatedOp(deps), verifyLockfileOp(deps), riskScoreOp(deps)],
  };
}
