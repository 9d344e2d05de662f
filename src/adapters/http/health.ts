/**
 * GET /health/live (the process answers) and GET /health/ready (its dependencies answer: 503 otherwise).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type HealthCheck, runHealthChecks } from '../../monitoring/health.js';

const checkResult = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail']),
  durationMs: z.number(),
  error: z.string().optional(),
});
const healthReport = z.object({ status: z.enum(['pass', 'fail']), checks: z.array(checkResult) }).meta({ id: 'HealthReport' });

export interface HealthRoutesOptions {
  checks: readonly HealthCheck[];
  timeoutMs: number;
}

export function registerHealthRoutes(app: FastifyInstance, options: HealthRoutesOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up and serving.',
        response: { 200: z.object({ status: z.literal('pass') }) },
      },
    },
    async function live() {
      return { status: 'pass' as const };
    },
  );
  r.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database (and Redis when configured) answer; 503 otherwise.',
        response: { 200: healthReport, 503: healthReport },
      },
    },
    async function ready(_request, reply) {
      const report = await runHealthChecks(options.checks, options.timeoutMs);
      reply.header('cache-control', 'no-store');
      return reply.status(report.status === 'pass' ? 200 : 503).send(report);
    },
  );
}
