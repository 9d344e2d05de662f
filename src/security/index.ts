/**
 * Security: the path guard, the safe subprocess runner, the SSRF guard, the redactor and secrets at rest.
 * See docs/security.md for each guard's threat model and config keys.
 */
export {
  buildArgv,
  createExecutableAllowlist,
  DEFAULT_SEARCH_PATH,
  type ExecutableAllowlist,
  type ExecutableRule,
  type ResolvedExecutable,
} from './executable-allowlist.js';
export {
  type AddressVerdict,
  type Allowlist,
  type BlockReason,
  classifyAddress,
  createAllowlist,
  isBlockedHostname,
  isUnusualNumericHost,
  parseIpLiteral,
} from './ip-policy.js';
export {
  createPathGuard,
  type PathGuard,
  type PathGuardOptions,
  type ReadOptions as PathReadOptions,
  type ResolveOptions,
  type WriteOptions,
} from './path-guard.js';
export { assertPathInput, isWithin, realpathAllowMissing } from './path-resolve.js';
export {
  assertSuccess,
  createProcessRunner,
  type ProcessRunner,
  type ProcessRunnerOptions,
  type RunResult,
  type RunSpec,
  type SessionSpec,
} from './process-runner.js';
export type { OutputChunk, ProcessSession, ReadOptions as SessionReadOptions, SessionOutput } from './process-session.js';
export type { ExitInfo } from './process-spawn.js';
export {
  createRedactor,
  isSecretKey,
  REDACTED,
  type RedactOptions,
  type Redactor,
  redact,
  redactString,
  redactUrl,
  VALUE_PATTERNS,
  type ValuePattern,
} from './redact.js';
export { createSecretBox, isSealed, type SecretBox, type SecretKey } from './secret-box.js';
export { type Keyring, type KeyringOptions, loadOrCreateKeyring, parseConfiguredKey, rotateKeyFile } from './secret-keyring.js';
export { createSsrfGuard, type DnsLookup, type ResolvedAddress, type SsrfGuard, type SsrfGuardOptions } from './ssrf-guard.js';
export { buildChildEnv, DEFAULT_INHERITED_ENV, isCodeLoadingEnv } from './subprocess-env.js';
