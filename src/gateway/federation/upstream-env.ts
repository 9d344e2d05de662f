/**
 * The environment of a stdio upstream: its configured variables plus PATH and HOME, nothing else of ours — the
 * process environment holds CODE_ENGINE_* secrets (admin password, API keys, database URL) that an outside
 * server must never see.
 */

/** The only variables of our own environment a stdio upstream inherits. */
export const INHERITED_ENV_KEYS = ['PATH', 'HOME'] as const;

/**
 * Build a stdio upstream's environment: PATH and HOME from `inherited` (src/main passes process.env), then the
 * upstream's configured `env`, which wins.
 * @example upstreamEnv({ GITHUB_TOKEN: "t" }, { PATH: "/usr/bin", HOME: "/home/ce", SECRET: "x" }) // no SECRET
 */
export function upstreamEnv(
  configured: Readonly<Record<string, string>>,
  inherited: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV_KEYS) {
    const value = inherited[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...configured };
}
