/**
 * Renders the effective configuration for humans and machines, with secrets redacted.
 */
import { isSecretKey, REDACTED, redact, redactString } from '../../security/redact.js';
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

/**
 * Every secret value the configuration holds — fields marked secret(), and strings under secret-named keys in lists
 * and maps (provider keys, upstream headers, webhook secrets) — for the log and audit scrubbers, so a secret that has
 * no recognisable shape is still never written out.
 */
export function configSecretValues(config: Config): string[] {
  const out = new Set<string>();
  const collect = (value: unknown, all: boolean): void => {
    if (typeof value === 'string') {
      if (all && value.length >= 4) out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) collect(v, all);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) collect(v, all || isSecretKey(key));
    }
  };
  for (const leaf of configLeaves(configSchema)) {
    let value: unknown = config;
    for (const key of leaf.path) value = (value as Record<string, unknown> | undefined)?.[key];
    collect(value, leaf.secret);
  }
  return [...out];
}
