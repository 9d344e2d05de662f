/**
 * How a call's environment is known: an explicit environment argument, else a namespace or a deploy target mapped
 * through config, else `policy.environment.default`. Production-ness is a glob list over the result.
 */

import { globAny, globMatch } from './glob-match.js';
import type { PolicySettings } from './types.js';

/** The environment of one call and where it came from. */
export interface ResolvedEnvironment {
  environment: string;
  /** `argument:<name>`, `namespace:<glob>`, `target:<glob>`, `default` or `override`. */
  source: string;
  production: boolean;
}

const firstString = (input: Record<string, unknown>, names: readonly string[]): [string, string] | undefined => {
  for (const name of names) {
    const v = Object.hasOwn(input, name) ? input[name] : undefined;
    if (typeof v === 'string' && v.length > 0) return [name, v];
  }
  return undefined;
};

/**
 * Resolve the environment of a call from its arguments.
 * @example resolveEnvironment({ namespace: 'prod-eu' }, settings) // { environment: 'production', source: 'namespace:prod-*', … }
 */
export function resolveEnvironment(input: Record<string, unknown>, settings: PolicySettings, override?: string): ResolvedEnvironment {
  const env = settings.environment;
  const done = (environment: string, source: string): ResolvedEnvironment => ({
    environment,
    source,
    production: globAny(env.production, environment),
  });
  if (override) return done(override, 'override');
  const direct = firstString(input, env.args);
  if (direct) return done(direct[1], `argument:${direct[0]}`);
  const namespace = firstString(input, env.namespaceArgs);
  if (namespace) {
    const hit = env.namespaces.find((m) => globMatch(m.match, namespace[1]));
    if (hit) return done(hit.environment, `namespace:${hit.match}`);
  }
  const target = firstString(input, env.targetArgs);
  if (target) {
    const hit = env.targets.find((m) => globMatch(m.match, target[1]));
    if (hit) return done(hit.environment, `target:${hit.match}`);
  }
  return done(env.default, 'default');
}
