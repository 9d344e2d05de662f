/**
 * The one zod schema for all of code-engine's configuration. Every key has a default, a description
 * (shown in the README reference and by `config print --explain`) and validation.
 */
import { z } from 'zod';
import { approvalsSchema } from './approvals.js';
import { braveSearchSchema } from './brave-search.js';
import { crawlerSchema } from './crawler.js';
import { desktopSchema } from './desktop.js';
import { expertsSchema } from './experts.js';
import { federationSchema, gatewaySchema, mcpSchema } from './gateway.js';
import { policySchema } from './policy.js';
import { prometheusSchema } from './prometheus.js';
import { resilienceSchema } from './resilience.js';
import { secret } from './secret.js';
import { securitySchema } from './security.js';
import { slackSchema } from './slack.js';
import { supplyChainSchema } from './supply-chain.js';
import { systemSchema } from './system.js';

const port = z.number().int().min(0).max(65535);
const ms = (min = 0) => z.number().int().min(min);

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const serverSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Interface to bind. Keep 127.0.0.1 unless behind a proxy.'),
    port: port.default(7878).describe('TCP port of the API, MCP endpoint and dashboard (0 = any free port).'),
    publicUrl: z.url().optional().describe('External base URL, used in links and the OpenAPI servers list.'),
    bodyLimitBytes: z.number().int().min(1024).default(1_048_576).describe('Maximum request body size in bytes.'),
    trustProxy: z.boolean().default(false).describe('Trust X-Forwarded-* headers (only behind a reverse proxy).'),
    shutdownTimeoutMs: ms().default(10_000).describe('How long graceful shutdown waits for in-flight requests.'),
    requestTimeoutMs: ms().default(120_000).describe('Upper bound for one HTTP request, 0 = none.'),
    keepAliveTimeoutMs: ms().default(72_000).describe('Idle keep-alive timeout of HTTP connections.'),
    allowedHosts: z
      .array(z.string().min(1))
      .default(['127.0.0.1', 'localhost', '[::1]'])
      .describe('Host header values accepted by the MCP endpoint (DNS-rebinding protection); the bound host is always allowed.'),
    cors: z
      .strictObject({
        origins: z.array(z.string().min(1)).default([]).describe('Allowed CORS origins; empty = CORS off.'),
        credentials: z.boolean().default(false).describe('Allow credentials on CORS requests.'),
      })
      .prefault({}),
    docs: z.boolean().default(true).describe('Serve the OpenAPI UI at /docs and the document at /openapi.json.'),
  })
  .prefault({});

export const databaseSchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .optional()
      .describe('postgres://… for PostgreSQL; sqlite:PATH or a file path for SQLite. Default: SQLite at <dataDir>/code-engine.db.'),
    autoMigrate: z.boolean().default(true).describe('Apply pending migrations at start.'),
    poolMax: z.number().int().min(1).max(500).default(10).describe('PostgreSQL pool size per process.'),
    connectTimeoutMs: ms(100).default(5_000).describe('Timeout to open a database connection.'),
  })
  .prefault({});

export const redisSchema = z
  .strictObject({
    url: z.string().min(1).optional().describe('redis://… URL. When set, rate limits, revocations and breaker state are shared.'),
    keyPrefix: z.string().default('ce:').describe('Prefix of every Redis key code-engine writes.'),
    connectTimeoutMs: ms(100).default(5_000).describe('Timeout to connect to Redis.'),
  })
  .prefault({});

export const logSchema = z
  .strictObject({
    level: logLevel.default('info').describe('Minimum log level.'),
    format: z.enum(['auto', 'json', 'pretty']).default('auto').describe('auto = pretty on a TTY, JSON otherwise.'),
  })
  .prefault({});

export const metricsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve Prometheus metrics at /metrics.'),
    defaultMetrics: z.boolean().default(true).describe('Include Node.js process metrics.'),
    prefix: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$|^$/)
      .default('')
      .describe('Prefix for metric names.'),
  })
  .prefault({});

export const authSchema = z
  .strictObject({
    issuer: z.string().min(1).default('code-engine').describe('JWT `iss` claim.'),
    audience: z.string().min(1).default('code-engine').describe('JWT `aud` claim.'),
    accessTokenTtlSec: z.number().int().min(30).max(86_400).default(900).describe('Access token lifetime in seconds.'),
    refreshTokenTtlSec: z.number().int().min(300).default(2_592_000).describe('Refresh token lifetime in seconds.'),
    keysDir: z.string().optional().describe('Directory of JWT signing keys. Default: <dataDir>/keys.'),
    adminPassword: secret(z.string().min(1))
      .optional()
      .describe('Password of the bootstrap `admin` user (env CODE_ENGINE_ADMIN_PASSWORD or _FILE).'),
    auditHmacKey: secret(z.string().min(16)).optional().describe('Optional HMAC key for the audit hash chain.'),
    algorithm: z.enum(['EdDSA', 'ES256']).default('EdDSA').describe('JWT signing algorithm of newly generated keys (EdDSA = Ed25519).'),
    signingKey: secret(z.string().min(1))
      .optional()
      .describe('PKCS#8 PEM private key to sign tokens with (share it between replicas); default: keys generated into keysDir.'),
    clockToleranceSec: z.number().int().min(0).max(300).default(30).describe('Leeway for JWT `exp`/`nbf` checks, in seconds.'),
    mfaChallengeTtlSec: z
      .number()
      .int()
      .min(30)
      .max(900)
      .default(300)
      .describe('Lifetime of the MFA challenge token after the password step.'),
    cacheTtlMs: ms()
      .max(60_000)
      .default(2_000)
      .describe('How long a replica caches user state, API keys and "not revoked" answers (0 = no cache).'),
    argon2: z
      .strictObject({
        memoryCostKiB: z.number().int().min(64).max(4_194_304).default(19_456).describe('argon2id memory per hash in KiB (OWASP: 19456).'),
        timeCost: z.number().int().min(1).max(20).default(2).describe('argon2id passes.'),
        parallelism: z.number().int().min(1).max(16).default(1).describe('argon2id lanes.'),
      })
      .prefault({})
      .describe('Password hashing cost; hashes with other parameters are upgraded at the next login.'),
    passwordPolicy: z
      .strictObject({
        minLength: z.number().int().min(8).max(128).default(12).describe('Minimum password length (characters).'),
        maxLength: z.number().int().min(16).max(4096).default(1024).describe('Maximum password length (bounds hashing work).'),
        rejectUserInfo: z.boolean().default(true).describe('Reject a password equal to the username, the email or its local part.'),
      })
      .prefault({}),
    lockout: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(100).default(5).describe('Failed logins in a row before the account locks.'),
        durationSec: z.number().int().min(1).default(1_800).describe('How long a locked account stays locked.'),
      })
      .prefault({}),
    mfa: z
      .strictObject({
        requiredForAdmins: z.boolean().default(false).describe('Admins must enrol and use TOTP before any admin operation.'),
        issuer: z.string().min(1).default('code-engine').describe('Issuer shown in authenticator apps.'),
      })
      .prefault({}),
    bootstrap: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Create the first admin at start when there are no users.'),
        username: z.string().min(1).default('admin').describe('Username of the bootstrap admin.'),
      })
      .prefault({}),
  })
  .prefault({});

export const httpClientSchema = z
  .strictObject({
    connections: z.number().int().min(1).max(10_000).default(100).describe('Max connections per origin of the shared HTTP agent.'),
    connectTimeoutMs: ms(100).default(30_000).describe('Outbound connect timeout.'),
    requestTimeoutMs: ms(100).default(30_000).describe('Outbound headers/body timeout.'),
    maxResponseBytes: z.number().int().min(1024).default(10_485_760).describe('Largest outbound response body accepted.'),
    allowHosts: z.array(z.string().min(1)).default([]).describe('Hosts exempt from the SSRF guard (exact names).'),
    allowCidrs: z.array(z.string().min(1)).default([]).describe('Address ranges exempt from the SSRF guard, e.g. 10.0.0.0/8.'),
    maxRedirects: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(5)
      .describe('Redirect hops an outbound request follows; each hop is re-checked by the SSRF guard.'),
  })
  .prefault({});

export const providerSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Use this provider when its key is set.'),
    apiKey: secret(z.string().min(1)).optional().describe('API key (or use the _FILE variant).'),
    baseUrl: z.url().optional().describe('Override the API base URL.'),
  })
  .prefault({});

export const providersSchema = z
  .strictObject({
    anthropic: providerSchema,
    openai: providerSchema,
    gemini: providerSchema,
    openrouter: providerSchema,
    ollama: providerSchema,
    huggingface: providerSchema,
  })
  .prefault({});

/** Token-bucket rate limits of the HTTP API and tool calls (docs/rate-limiting.md). */
export const rateLimitSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Rate-limit HTTP requests and tool calls.'),
    perMinute: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100)
      .describe('Sustained requests per minute per principal (or client IP when anonymous).'),
    burst: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Bucket capacity: requests allowed at once after an idle period. Default: perMinute.'),
    store: z
      .enum(['auto', 'memory', 'redis'])
      .default('auto')
      .describe('Where buckets live: auto = Redis when redis.url is set (replicas share one budget), else memory.'),
    storeTimeoutMs: ms(10)
      .default(250)
      .describe('Budget for one Redis bucket update; on timeout or error the replica falls back to its in-memory buckets.'),
    exemptRoutes: z
      .array(z.string().min(1))
      .default(['/health/*', '/metrics', '/docs*', '/openapi.json'])
      .describe('Request paths never limited (globs: * matches any characters, ? one).'),
    routes: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe('Request path glob, e.g. /api/auth/login or /api/mcp/*.'),
          method: z.string().min(1).optional().describe('HTTP method (any when absent).'),
          perMinute: z.number().int().min(1).max(1_000_000).describe('Requests per minute on this route, per caller.'),
          burst: z.number().int().min(1).max(1_000_000).optional().describe('Bucket capacity on this route. Default: its perMinute.'),
        }),
      )
      .default([])
      .describe('Per-route overrides; the first match wins and gets its own bucket per caller.'),
  })
  .prefault({});

/** The tamper-evident audit log (docs/audit.md). */
export const auditSchema = z
  .strictObject({
    retentionDays: z
      .number()
      .int()
      .min(0)
      .default(365)
      .describe('Days audit rows are kept; older rows are archived to NDJSON, then deleted (0 = keep forever).'),
    archiveDir: z
      .string()
      .min(1)
      .optional()
      .describe('Directory of NDJSON archives written before pruning. Default: <dataDir>/audit-archive.'),
    pruneIntervalMs: ms()
      .default(86_400_000)
      .describe('How often `serve` applies the retention (0 = only through `code-engine audit prune`).'),
    maxDetailsBytes: z
      .number()
      .int()
      .min(256)
      .max(1_048_576)
      .default(16_384)
      .describe('Largest stored details JSON per event in bytes; larger details are replaced by a truncated preview.'),
  })
  .prefault({});

/** Everything configurable. Later capabilities add their own sections here (one schema). */
export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('.code-engine').describe('Directory for the SQLite database, keys and archives.'),
  server: serverSchema,
  database: databaseSchema,
  redis: redisSchema,
  log: logSchema,
  metrics: metricsSchema,
  auth: authSchema,
  http: httpClientSchema,
  providers: providersSchema,
  experts: expertsSchema,
  gateway: gatewaySchema,
  mcp: mcpSchema,
  federation: federationSchema,
  rateLimit: rateLimitSchema,
  audit: auditSchema,
  resilience: resilienceSchema,
  security: securitySchema,
  crawler: crawlerSchema,
  supplyChain: supplyChainSchema,
  system: systemSchema,
  prometheus: prometheusSchema,
  slack: slackSchema,
  braveSearch: braveSearchSchema,
  desktop: desktopSchema,
  approvals: approvalsSchema,
  policy: policySchema,
});

/** The parsed, frozen configuration. */
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
