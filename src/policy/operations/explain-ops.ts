/**
 * `policy_explain` (POST /api/policy/explain): for a principal, operation, arguments and environment, every axiom
 * and rule that matched and the decision — without running anything or counting the call.
 */
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Effects, type Operation } from '../../gateway/operation.js';
import type { PolicyEngine } from '../engine.js';
import { explanationSchema, renderExplanation } from './views.js';

/** Registered operations, as explain needs them. */
export type OperationLookup = (name: string) => Pick<Operation, 'effects' | 'permission' | 'input'> | undefined;

const principalInput = z
  .object({
    id: z.string().min(1).max(200).describe('Principal id (default: the caller’s)'),
    name: z.string().min(1).max(200).optional(),
    type: z.enum(['user', 'api_key', 'service']).default('user'),
    roles: z.array(z.string().max(100)).max(50).default([]),
    mfaAgeMinutes: z.number().min(0).max(1_000_000).optional().describe('Minutes since MFA verification (absent: never)'),
  })
  .describe('Explain for this principal instead of the caller');

/** The explain operation. */
export function explainOps(deps: { engine: PolicyEngine; lookup: OperationLookup; clock: Clock }): Operation[] {
  const { engine, lookup, clock } = deps;
  return [
    defineOperation({
      name: 'policy_explain',
      title: 'Explain a policy decision',
      description:
        'Which axioms and rules match a call — operation, arguments, principal (default: you), environment (default: derived from the arguments) and time (default: now) — and what the decision is. Nothing runs and nothing is counted.',
      input: z.object({
        operation: z.string().min(1).max(128).describe('Tool name, e.g. kubernetes_scale_deployment'),
        arguments: z.record(z.string(), z.unknown()).default({}).describe('The call’s arguments'),
        environment: z.string().min(1).max(64).optional().describe('Evaluate in this environment, e.g. production'),
        effects: z
          .enum(['read', 'write', 'destructive', 'external'])
          .optional()
          .describe('Effects of an operation that is not registered (yet)'),
        at: z.iso.datetime({ offset: true }).optional().describe('Evaluate at this time (ISO-8601)'),
        principal: principalInput.optional(),
      }),
      output: explanationSchema,
      permission: 'policy:read',
      effects: 'read',
      http: { method: 'POST', path: '/api/policy/explain' },
      example: {
        operation: 'kubernetes_scale_deployment',
        arguments: { namespace: 'shop', name: 'api', replicas: 0 },
        environment: 'production',
        effects: 'write',
      },
      render: renderExplanation,
      run: async (input, ctx) => {
        const op = lookup(input.operation);
        const effects: Effects | undefined = op?.effects ?? input.effects;
        if (!effects) {
          throw new AppError(
            'E_NOT_FOUND',
            `No tool "${input.operation}"; to explain an operation that is not registered, give its effects.`,
          );
        }
        const at = input.at ? Date.parse(input.at) : clock.now();
        const parsed = op?.input.safeParse(input.arguments);
        const args = parsed?.success ? (parsed.data as Record<string, unknown>) : input.arguments;
        const principal: Principal = input.principal
          ? {
              id: input.principal.id,
              type: input.principal.type,
              name: input.principal.name ?? input.principal.id,
              roles: input.principal.roles,
              ...(input.principal.mfaAgeMinutes !== undefined ? { mfaVerifiedAt: at - input.principal.mfaAgeMinutes * 60_000 } : {}),
            }
          : ctx.principal;
        const explanation = await engine.explain({
          operation: input.operation,
          effects,
          ...(op ? { permission: op.permission } : {}),
          input: args,
          principal,
          face: ctx.face,
          at,
          ...(input.environment ? { environment: input.environment } : {}),
        });
        if (parsed && !parsed.success) {
          const inputIssues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(arguments)', message: i.message }));
          return { ...explanation, inputIssues };
        }
        return explanation;
      },
    }),
  ];
}
