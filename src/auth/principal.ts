/**
 * Who is calling, as every face sees it after authentication, and the audit sink every capability writes to.
 * This file is the contract between src/auth (users, tokens, keys, RBAC), the audit log, and the gateway.
 */

export type PrincipalType = 'user' | 'api_key' | 'service';

/** An authenticated caller. */
export interface Principal {
  /** Stable id: user id, API key id, or service name. */
  id: string;
  type: PrincipalType;
  /** Display name: username, key name, or service name. */
  name: string;
  /** Role names held (for API keys: the creator's roles, narrowed by `scopes`). */
  roles: readonly string[];
  /** For API keys: the permission subset the key may use (`resource:action`, wildcards allowed). */
  scopes?: readonly string[];
  /** For users: epoch ms of the last successful MFA verification in this session, if any. */
  mfaVerifiedAt?: number;
  /** Token id (`jti`) or API key id this request was authenticated with. */
  credentialId?: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied' | 'error';

/** One audited event. Details are redacted by the sink before they are stored. */
export interface AuditEvent {
  /** Dotted action name, e.g. `auth.login`, `auth.key.created`, `operation.call`. */
  action: string;
  outcome: AuditOutcome;
  principal?: Pick<Principal, 'id' | 'type'> | null;
  /** What was acted on, e.g. `user:42` or `kubernetes_scale_deployment`. */
  target?: string | null;
  clientIp?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Where audit events go (the hash-chained audit log in production). */
export interface AuditSink {
  record(event: AuditEvent): Promise<void>;
}
