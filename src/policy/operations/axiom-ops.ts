/**
 * `policy_list_axioms` and `policy_set_axiom`: the built-in axioms with their state, and the runtime switch
 * (GET /api/policy/axioms, PATCH /api/policy/axioms/:id). Switching off a critical axiom needs approval (AX-25).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { PolicyEngine } from '../engine.js';
import { axiomViewSchema } from './views.js';

const axiomId = z
  .string()
  .regex(/^AX-\d{2}$/)
  .describe('Axiom id, e.g. AX-01');

const renderAxiom = (a: z.infer<typeof axiomViewSchema>) =>
  `${a.id} ${a.enabled ? (a.dryRun ? 'dry-run' : 'on') : 'off'} [${a.severity}, ${a.effect}] ${a.title}`;

/** The axiom operations over `engine`. */
export function axiomOps(engine: PolicyEngine): Operation[] {
  return [
    defineOperation({
      name: 'policy_list_axioms',
      title: 'List policy axioms',
      description:
        'Every built-in axiom (AX-01 …) with title, rationale, severity, effect, whether it is on or in dry run, and the config keys it reads.',
      input: z.object({
        enabled: z.boolean().optional().describe('Only axioms that are on (true) or off (false)'),
        severity: z.enum(['low', 'medium', 'high', 'critical']).optional().describe('Only this severity'),
      }),
      output: z.object({ axioms: z.array(axiomViewSchema) }),
      permission: 'policy:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/policy/axioms' },
      example: { severity: 'critical' },
      render: (o) => o.axioms.map(renderAxiom).join('\n'),
      run: async (input) => ({
        axioms: engine
          .listAxioms()
          .filter(
            (a) => (input.enabled === undefined || a.enabled === input.enabled) && (!input.severity || a.severity === input.severity),
          ),
      }),
    }),
    defineOperation({
      name: 'policy_set_axiom',
      title: 'Switch a policy axiom',
      description:
        'Turn an axiom on or off, or into dry run (evaluated and logged, not enforced), for every replica. Overrides policy.axioms.* config; switching off a critical axiom needs approval.',
      input: z
        .object({
          id: axiomId,
          enabled: z.boolean().optional().describe('On (true) or off (false)'),
          dryRun: z.boolean().optional().describe('Evaluate and log only (true), or enforce (false)'),
        })
        .refine((i) => i.enabled !== undefined || i.dryRun !== undefined, { message: 'give enabled, dryRun or both' }),
      output: axiomViewSchema,
      permission: 'policy:write',
      effects: 'write',
      http: { method: 'PATCH', path: '/api/policy/axioms/:id' },
      example: { id: 'AX-16', enabled: false },
      render: renderAxiom,
      run: async (input, ctx) => engine.setAxiom(input.id, { enabled: input.enabled, dryRun: input.dryRun }, ctx.principal.id),
    }),
  ];
}
