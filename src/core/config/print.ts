/**
 * Renders the effective configuration for humans and machines, with secrets redacted.
 */
import { REDACTED, redact, redactString } from '../../security/redact.js';
import type { Config } from './schema.js';
import { configSchema } from './schema.js';
import { configLeaves } from './schema-walk.js';

/** A deep copy of the config with every secret field replaced and credentials in URLs masked. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const leaf of configLeaves(configSchema)) {
    let parent: Record<string, unknown> | undefined = copy;
    for (const key of leaf.path.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
    const last = leaf.path.at(-1);
    if (!parent || last === undefined || parent[last] === undefined) continue;
    if (leaf.secret) parent[last] = REDACTED;
    else if (typeof parent[last] === 'string') parent[last] = redactString(parent[last] as string);
    // Lists and maps (webhooks, federated servers, headers) hold secrets by key name: redact them deeply.
    else if (typeof parent[last] === 'object' && parent[last] !== null) parent[last] = redact(parent[last]);
  }
  return copy;
}
