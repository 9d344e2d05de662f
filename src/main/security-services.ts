/**
 * Builds the shared security services from config: path guard, process runner, SSRF guard, the guarded HTTP client,
 * the secrets-at-rest box and the redactor. src/main/services.ts calls it once per process.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import { createHttpClient, type HttpClient } from '../resilience/http-client.js';
import { createPathGuard, type PathGuard } from '../security/path-guard.js';
import { createProcessRunner, type ProcessRunner } from '../security/process-runner.js';
import { createRedactor, type Redactor } from '../security/redact.js';
import { createSecretBox, type SecretBox } from '../security/secret-box.js';
import { loadOrCreateKeyring } from '../security/secret-keyring.js';
import { createSsrfGuard, type SsrfGuard } from '../security/ssrf-guard.js';

/** The security half of the services. */
export interface SecurityServices {
  /** File operations confined to `security.files.roots` (default: the data dir). */
  pathGuard: PathGuard;
  /** Allowlisted programs only, argv arrays, scrubbed env, process-group timeouts; `start` for sessions. */
  processes: ProcessRunner;
  /** Outbound URL and address policy (`http.allowHosts` / `http.allowCidrs`). */
  ssrfGuard: SsrfGuard;
  /** Seal and open stored secrets (provider keys, webhook secrets). */
  secrets: SecretBox;
  /** The one redactor, with configured secret literals bound in. */
  redactor: Redactor;
}

export interface SecurityServicesInput {
  config: Config;
  deps: Deps;
  /** The process environment, for the variables child processes may inherit. */
  env: Readonly<Record<string, string | undefined>>;
  /** Literal secret values from config, scrubbed wherever they appear. */
  knownSecrets: readonly string[];
}

/**
 * Build the security services and the shared HTTP client (whose agent checks every connection with the SSRF guard).
 * @example const { security, http } = createSecurityServices({ config, deps, env: process.env, knownSecrets })
 */
export function createSecurityServices(input: SecurityServicesInput): { security: SecurityServices; http: HttpClient } {
  const { config, deps } = input;
  const { files, subprocess, secrets } = config.security;
  const pathGuard = createPathGuard({
    roots: files.roots.length > 0 ? files.roots.map((r) => resolve(config.dataDir, r)) : [config.dataDir],
    createRoots: files.roots.length === 0,
    caseInsensitive: files.caseInsensitive === 'auto' ? 'auto' : files.caseInsensitive === 'insensitive',
    ids: deps.ids,
  });
  const processes = createProcessRunner({
    allow: subprocess.allow,
    pathGuard,
    searchPath: subprocess.searchPath,
    baseEnv: input.env,
    inheritEnv: subprocess.inheritEnv,
    timeoutMs: subprocess.timeoutMs,
    killGraceMs: subprocess.killGraceMs,
    maxOutputBytes: subprocess.maxOutputBytes,
    sessions: {
      max: subprocess.maxSessions,
      bufferBytes: subprocess.sessionBufferBytes,
      timeoutMs: subprocess.sessionTimeoutMs,
      idleTimeoutMs: subprocess.sessionIdleTimeoutMs,
    },
    clock: deps.clock,
    ids: deps.ids,
  });
  const ssrfGuard = createSsrfGuard({ allowHosts: config.http.allowHosts, allowCidrs: config.http.allowCidrs });
  const http = createHttpClient({ ...config.http, guard: ssrfGuard });
  const keyring = loadOrCreateKeyring({
    keyFile: resolve(config.dataDir, secrets.keyringPath ?? join(config.dataDir, 'secrets.key')),
    configKey: secrets.key,
    ids: deps.ids,
    clock: deps.clock,
  });
  if (keyring.createdFile) deps.log.info('created the secrets-at-rest key file (mode 0600) in the data dir');
  const secretBox = createSecretBox({ keys: keyring.keys, activeKeyId: keyring.activeKeyId, ids: deps.ids });
  const redactor = createRedactor({ knownSecrets: [...input.knownSecrets, ...(secrets.key ? [secrets.key] : [])] });
  return { security: { pathGuard, processes, ssrfGuard, secrets: secretBox, redactor }, http };
}
