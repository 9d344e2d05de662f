/**
 * MFA routes for the calling user: POST /api/auth/mfa/enrol, /confirm, /disable, /recovery-codes.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.js';
import { tokenPairSchema } from '../../auth/view-schemas.js';
import { AppError } from '../../core/errors.js';
import type { RouteGroup } from './app.js';
import { callContext, principalOf, problems } from './auth-routes.js';
import { requireAuthenticated } from './authenticate.js';

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }];
const code = z.string().trim().min(6).max(64).describe('A 6-digit TOTP code, or a recovery code');
const recoveryCodes = z.array(z.string()).describe('Ten single-use recovery codes, shown only now');

/** MFA enrolment and management routes. */
export function mfaRoutes(auth: AuthService): RouteGroup {
  return function registerMfaRoutes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/auth/mfa/enrol',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Start TOTP enrolment: a secret, its otpauth:// URI and a QR code (PNG data URL). Confirm with a code next.',
          security,
          response: { ...problems, 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() }) },
        },
      },
      async function enrol(request, reply) {
        reply.header('cache-control', 'no-store');
        return auth.mfa.enrol(principalOf(request), callContext(request));
      },
    );
    r.post(
      '/api/auth/mfa/confirm',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Confirm enrolment with a first code: MFA turns on; returns recovery codes and tokens of an MFA-verified session.',
          security,
          body: z.strictObject({
            code: z
              .string()
              .trim()
              .regex(/^\d{6}$/, 'expected 6 digits'),
          }),
          response: { ...problems, 200: z.object({ recoveryCodes, tokens: tokenPairSchema }) },
        },
      },
      async function confirm(request, reply) {
        const principal = principalOf(request);
        const result = await auth.mfa.confirm(principal, request.body.code, callContext(request));
        const user = await auth.core.users.findById(principal.id);
        if (!user) throw new AppError('E_NOT_FOUND', 'The user no longer exists.');
        reply.header('cache-control', 'no-store');
        return {
          recoveryCodes: result.recoveryCodes,
          tokens: await auth.sessions.issue(user, Math.floor(auth.core.deps.clock.now() / 1000)),
        };
      },
    );
    r.post(
      '/api/auth/mfa/disable',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Turn MFA off (password and a current code required).',
          security,
          body: z.strictObject({ password: z.string().min(1).max(4096), code }),
          response: { ...problems, 204: z.null() },
        },
      },
      async function disable(request, reply) {
        await auth.mfa.disable(principalOf(request), request.body.password, request.body.code, callContext(request));
        return reply.status(204).send(null);
      },
    );
    r.post(
      '/api/auth/mfa/recovery-codes',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Replace the recovery codes (password and a current code required).',
          security,
          body: z.strictObject({ password: z.string().min(1).max(4096), code }),
          response: { ...problems, 200: z.object({ recoveryCodes }) },
        },
      },
      async function regenerate(request, reply) {
        reply.header('cache-control', 'no-store');
        return auth.mfa.regenerateRecoveryCodes(principalOf(request), request.body.password, request.body.code, callContext(request));
      },
    );
  };
}
