/**
 * The auth capability: users, passwords, tokens, API keys, RBAC and MFA. Build it with createAuthService; it is
 * `services.auth`. The audit log and rate limits live in ./audit and ./rate-limit.
 */

export { type ApiKeyService, type ApiKeyView, createKeySchema } from './api-key-service.js';
export { type AuthService, type AuthServiceOptions, createAuthService } from './auth-service.js';
export { type BootstrapResult, bootstrapAdmin } from './bootstrap-admin.js';
export { ADMIN_ROLE, BUILT_IN_ROLES, PERMISSION_CATALOGUE, type PermissionInfo, type RoleDefinition } from './built-in-roles.js';
export { type Credentials, credentialFromBearer, credentialsFromHeaders, servicePrincipal } from './credentials.js';
export { type AuthzDecision, type AuthzReason, decide, notHeld } from './decide.js';
export { type KeyRing, loadKeyRing, type SigningKey } from './key-ring.js';
export type { MfaEnrolment, MfaService } from './mfa-service.js';
export { authMigrations } from './migrations.js';
export { findGrant, grantMatches, isPermission, permissionSchema } from './permission.js';
export type { AuditEvent, AuditSink, Principal, PrincipalType } from './principal.js';
export { createRoleBook, type RoleBook } from './role-book.js';
export { type RoleInput, roleInputSchema } from './role-registry.js';
export { plainSecretBox, type SecretBox, totpSecretBox } from './secret-box.js';
export type { LoginResult, SessionService, TokenPair } from './session-service.js';
export { createUserSchema, type UserService, type UserView, updateUserSchema, usernameSchema } from './user-service.js';
