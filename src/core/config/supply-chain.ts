/**
 * Config section of the supply-chain tool server (src/tools/supply_chain, docs/crawler.md#faces): the licence
 * policy, trusted registries for lockfile verification, offline package metadata and the opt-in npm registry lookups.
 */
import { z } from 'zod';

/** The `supplyChain` section. */
export const supplyChainSchema = z
  .strictObject({
    licenses: z
      .strictObject({
        allow: z
          .array(z.string().min(1))
          .default([])
          .describe('SPDX licence ids (globs with *) dependencies may use; empty = every licence not denied is allowed.'),
        deny: z
          .array(z.string().min(1))
          .default([])
          .describe('SPDX licence ids (globs with *, e.g. "AGPL-*") no dependency may use; deny wins over allow.'),
      })
      .prefault({})
      .describe('Default licence policy of supply_chain_license_report and supply_chain_risk_score (a call may pass its own).'),
    trustedHosts: z
      .array(z.string().min(1))
      .default(['registry.npmjs.org', 'registry.yarnpkg.com'])
      .describe('Hosts lockfile entries may download from; supply_chain_verify_lockfile flags https tarballs from any other host.'),
    metadataFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Offline package metadata (JSON: {"npm": {"lodash": {"latest": "4.17.21", "versions": [...], "deprecated": "…"}}}) ' +
          'for supply_chain_outdated and supply_chain_risk_score, relative to dataDir.',
      ),
    registry: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Let supply_chain_outdated ask the npm registry (through the SSRF-guarded HTTP client) when a call sets source "registry".',
          ),
        npmUrl: z.url().default('https://registry.npmjs.org').describe('Base URL of the npm registry API.'),
        maxPackages: z.number().int().min(1).max(5_000).default(500).describe('Most packages one registry-backed call looks up.'),
        concurrency: z.number().int().min(1).max(32).default(8).describe('Registry requests in flight at once.'),
      })
      .prefault({}),
  })
  .prefault({});

/** The parsed `supplyChain` section. */
export type SupplyChainConfig = z.infer<typeof supplyChainSchema>;
