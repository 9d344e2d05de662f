/**
 * zod schemas of what the auth services return, shared by every face (REST responses and OpenAPI, MCP, CLI).
 */
import { z } from 'zod';

/** Tokens of a session. */
export const tokenPairSchema = z
  .object({
    accessToken: z.string().describe('JWT for `Authorization: Bearer`, valid auth.accessTokenTtlSec (15 min)'),
    refreshToken: z.string().describe('Single-use token for POST /api/auth/refresh, valid auth.refreshTokenTtlSec (30 days)'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    refreshExpiresIn: z.number().int().describe('Seconds until the refresh token expires'),
  })
  .meta({ id: 'TokenPair' });

/** Result of the password step. */
export const loginResultSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('authenticated'),
      tokens: tokenPairSchema,
      user: z.object({ id: z.string(), username: z.string() }),
    }),
    z.object({
      status: z.literal('mfa_required'),
      mfaToken: z.string().describe('Challenge token for POST /api/auth/login/mfa'),
      expiresIn: z.number().int().describe('Seconds the challenge stays valid'),
    }),
  ])
  .meta({ id: 'LoginResult' });

/** A user without secrets. */
export const userViewSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    roles: z.array(z.string()),
    disabled: z.boolean(),
    locked: z.boolean(),
    lockedUntil: z.string().nullable(),
    mfaEnabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

/** A role with its resolved permissions. */
export const roleViewSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    permissions: z.array(z.string()),
    inherits: z.array(z.string()),
    effectivePermissions: z.array(z.string()).describe('Own and inherited grants'),
  })
  .meta({ id: 'Role' });

/** An API key without its secret. */
export const apiKeyViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    userId: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

/** An authenticated caller as `GET /api/auth/me` shows it. */
export const principalViewSchema = z
  .object({
    id: z.string(),
    type: z.enum(['user', 'api_key', 'service']),
    name: z.string(),
    roles: z.array(z.string()),
    scopes: z.array(z.string()).optional(),
    mfaVerifiedAt: z.string().optional().describe('When MFA was verified in this session (ISO time)'),
  })
  .meta({ id: 'Principal' });

/** An authorization decision with its explanation. */
export const decisionSchema = z
  .object({
    allowed: z.boolean(),
    reason: z.enum(['granted', 'no_grant', 'outside_scope', 'mfa_required', 'invalid_permission']),
    permission: z.string(),
    resource: z.string().optional(),
    grantedBy: z.object({ role: z.string(), definedIn: z.string(), grant: z.string(), scope: z.string().optional() }).optional(),
    explanation: z.string(),
  })
  .meta({ id: 'AuthzDecision' });
