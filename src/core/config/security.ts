/**
 * Config section of src/security: file roots of the path guard, the subprocess allowlist and its limits, and where
 * the key for secrets at rest comes from (docs/security.md). The SSRF allowlists live in the `http` section.
 */
import { z } from 'zod';
import { secret } from './secret.js';

const ms = (min = 0) => z.number().int().min(min).max(86_400_000);
const bytes = (min: number) => z.number().int().min(min).max(1_073_741_824);

export const securitySchema = z
  .strictObject({
    files: z
      .strictObject({
        roots: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Directories that file operations (tools, crawler, deploys) may touch, with everything below them. Empty = the data dir only.',
          ),
        caseInsensitive: z
          .enum(['auto', 'sensitive', 'insensitive'])
          .default('auto')
          .describe('How paths are compared: auto probes each root once (macOS/Windows volumes usually fold case).'),
      })
      .prefault({}),
    subprocess: z
      .strictObject({
        allow: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Programs that may be run: names (looked up in searchPath) or absolute paths. Shells and launchers (sh, env, xargs, sudo) are refused.',
          ),
        searchPath: z
          .array(z.string().min(1))
          .default(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'])
          .describe('Directories searched for allowlisted names, also the PATH of child processes (the server PATH is never used).'),
        inheritEnv: z
          .array(z.string().min(1))
          .default(['HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'USER', 'LOGNAME'])
          .describe(
            'Environment variables copied to child processes; everything else (tokens, keys) is dropped. LD_*/NODE_OPTIONS never pass.',
          ),
        timeoutMs: ms(100).default(60_000).describe('Default limit of one program run in ms; the whole process group is killed after it.'),
        killGraceMs: ms().default(2_000).describe('Time between SIGTERM and SIGKILL when a program is stopped, in ms.'),
        maxOutputBytes: bytes(1024).default(1_048_576).describe('Default cap of collected stdout, and of stderr, per run in bytes.'),
        maxSessions: z.number().int().min(1).max(1_000).default(16).describe('Long-running process sessions open at once.'),
        sessionBufferBytes: bytes(1024)
          .default(1_048_576)
          .describe('Output kept per session for incremental reads; older output is dropped first.'),
        sessionTimeoutMs: ms().default(3_600_000).describe('Limit of one session in ms (0 = none).'),
        sessionIdleTimeoutMs: ms()
          .default(600_000)
          .describe('A session nobody reads from or writes to for this long is killed, in ms (0 = never).'),
      })
      .prefault({}),
    secrets: z
      .strictObject({
        key: secret(z.string().min(1))
          .optional()
          .describe(
            'Key for secrets at rest: 32 random bytes as base64 or hex, optionally "id:key" (e.g. `openssl rand -base64 32`). Becomes the active key.',
          ),
        keyringPath: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Key file (JSON keyring, mode 0600). Default: <dataDir>/secrets.key, created on first start when no key is configured.',
          ),
      })
      .prefault({}),
  })
  .prefault({});

export type SecurityConfig = z.infer<typeof securitySchema>;
