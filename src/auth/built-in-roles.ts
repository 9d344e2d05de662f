/**
 * The permission catalogue (what `GET /api/permissions` lists) and the built-in roles:
 * `viewer` ⊂ `operator` ⊂ `admin`, plus the service roles `mcp_service`, `ci_cd_service` and `monitoring_service`.
 */

/** A known permission and what it allows. Custom strings of the same shape are allowed too (new tool servers). */
export interface PermissionInfo {
  name: string;
  description: string;
}

/** Every permission code-engine checks today. */
export const PERMISSION_CATALOGUE: readonly PermissionInfo[] = [
  { name: 'system:read', description: 'Read server status, version, health and configuration (secrets redacted).' },
  { name: 'monitoring:read', description: 'Read metrics, alerts and SLOs.' },
  { name: 'resilience:read', description: 'Read circuit breaker, retry and bulkhead state.' },
  { name: 'resilience:write', description: 'Reset or force circuit breakers.' },
  { name: 'kubernetes:read', description: 'List and read Kubernetes resources and logs.' },
  { name: 'kubernetes:write', description: 'Change Kubernetes resources (scale, patch, restart).' },
  { name: 'docker:read', description: 'List and inspect containers and images.' },
  { name: 'docker:write', description: 'Create, start, stop and remove containers.' },
  { name: 'docker:execute', description: 'Run commands inside containers.' },
  { name: 'desktop:read', description: 'Read files and list directories inside the allowed roots.' },
  { name: 'desktop:write', description: 'Write files inside the allowed roots.' },
  { name: 'desktop:execute', description: 'Run allowed commands on the host.' },
  { name: 'deploy:read', description: 'Read deployments, plans and history.' },
  { name: 'deploy:write', description: 'Create and edit deployment specs.' },
  { name: 'deploy:execute', description: 'Run deployments and rollbacks.' },
  { name: 'crawler:read', description: 'Read crawl snapshots, findings and reports.' },
  { name: 'crawler:scan', description: 'Start repository crawls and scans.' },
  {
    name: 'security:read',
    description:
      'Scan directories and files inside the allowed roots for secrets, insecure code and vulnerable dependencies, without storing the result.',
  },
  {
    name: 'supply_chain:read',
    description:
      'Read dependency data inside the allowed roots: SBOMs, licences, dependency trees, outdated packages, lockfile checks, risk scores.',
  },
  { name: 'experts:read', description: 'Read past expert consultations and costs.' },
  { name: 'experts:consult', description: 'Ask the LLM expert panel (costs money).' },
  { name: 'slack:read', description: 'Read Slack channels, message history, threads and users, as the configured bot.' },
  { name: 'slack:write', description: 'Post, update and react to Slack messages and upload files, as the configured bot.' },
  {
    name: 'web:search',
    description: 'Search the web, news, images, videos and places and get summaries through Brave Search (spends its quota).',
  },
  { name: 'policy:read', description: 'Read policy rules.' },
  { name: 'policy:write', description: 'Create and change policy rules.' },
  { name: 'approvals:read', description: 'List and read approval requests (arguments redacted).' },
  { name: 'approvals:decide', description: 'Approve or deny calls waiting for approval (never your own).' },
  { name: 'approvals:execute', description: 'Run your own approved calls once (the call’s own permission is checked again).' },
  { name: 'mcp:*:call', description: 'Call tools of federated MCP servers (`mcp:<alias>:call` for one server).' },
  { name: 'keys:read', description: 'List your own API keys.' },
  { name: 'keys:write', description: 'Create and revoke your own API keys.' },
  { name: 'keys:admin', description: 'List and revoke every user’s API keys.' },
  { name: 'users:read', description: 'List users and their roles.' },
  { name: 'users:write', description: 'Create, change, disable, unlock and delete users; assign roles.' },
  { name: 'roles:read', description: 'List roles and their permissions.' },
  { name: 'roles:write', description: 'Create, change and delete custom roles.' },
  { name: 'audit:read', description: 'Read and verify the audit log.' },
];

/** A role definition: its own permissions and the roles it inherits. */
export interface RoleDefinition {
  name: string;
  description: string;
  permissions: readonly string[];
  inherits: readonly string[];
  builtIn: boolean;
}

/** The name of the role that grants everything (`*:*`); the last enabled holder cannot be removed. */
export const ADMIN_ROLE = 'admin';

/** Built-in roles; they cannot be changed or deleted. */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    name: 'viewer',
    description: 'Read-only access to infrastructure, deployments and findings (not users, keys or the audit log).',
    permissions: [
      'system:read',
      'monitoring:read',
      'resilience:read',
      'kubernetes:read',
      'docker:read',
      'desktop:read',
      'deploy:read',
      'crawler:read',
      'security:read',
      'supply_chain:read',
      'experts:read',
      'policy:read',
      'approvals:read',
      'roles:read',
    ],
    inherits: [],
    builtIn: true,
  },
  {
    name: 'operator',
    description: 'Viewer plus changes and execution on infrastructure; own API keys. No user, role, policy or audit administration.',
    permissions: [
      'resilience:write',
      'kubernetes:write',
      'docker:write',
      'docker:execute',
      'desktop:write',
      'desktop:execute',
      'deploy:write',
      'deploy:execute',
      'crawler:scan',
      'experts:consult',
      'slack:read',
      'slack:write',
      'web:search',
      'mcp:*:call',
      'keys:read',
      'keys:write',
      'approvals:execute',
    ],
    inherits: ['viewer'],
    builtIn: true,
  },
  { name: ADMIN_ROLE, description: 'Everything.', permissions: ['*:*'], inherits: [], builtIn: true },
  {
    name: 'mcp_service',
    description: 'An MCP client acting for its local user (stdio): operator tools, no administration.',
    permissions: [],
    inherits: ['operator'],
    builtIn: true,
  },
  {
    name: 'ci_cd_service',
    description: 'CI/CD pipelines: deploy and change workloads, scan repositories.',
    permissions: [
      'system:read',
      'deploy:read',
      'deploy:write',
      'deploy:execute',
      'kubernetes:read',
      'kubernetes:write',
      'docker:read',
      'docker:write',
      'crawler:read',
      'crawler:scan',
      'security:read',
      'supply_chain:read',
      'approvals:execute',
    ],
    inherits: [],
    builtIn: true,
  },
  {
    name: 'monitoring_service',
    description: 'Monitoring systems: read status, metrics and breaker state.',
    permissions: ['system:read', 'monitoring:read', 'resilience:read', 'kubernetes:read', 'docker:read', 'deploy:read'],
    inherits: [],
    builtIn: true,
  },
];

/** Names of the built-in roles. */
export const BUILT_IN_ROLE_NAMES: ReadonlySet<string> = new Set(BUILT_IN_ROLES.map((r) => r.name));
