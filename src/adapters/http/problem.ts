/**
 * Maps every error to RFC 9457 problem+json, once for the whole HTTP face.
 * Client errors keep their message; internal ones are logged with stack and shown as "Internal error." + request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode, type FieldIssue, isAppError, toAppError } from '../../core/errors.js';
import { redact, redactString } from '../../security/redact.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem document, also published in OpenAPI as `Problem`. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI naming the error code, e.g. urn:code-engine:error:E_VALIDATION'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe('The request path'),
    code: z.string().describe('Stable error code (see docs/errors.md)'),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfterSeconds: z.number().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

/** Build the problem body for an AppError. */
export function toProblem(error: AppError, instance: string, requestId: string): Problem {
  const internal = error.status >= 500 && error.code === 'E_INTERNAL';
  const problem: Problem = {
    type: `urn:code-engine:error:${error.code}`,
    title: error.title,
    status: error.status,
    detail: internal ? `Internal error. Quote request id ${requestId} when reporting it.` : redactString(error.message),
    instance: redactString(instance.split('?')[0] ?? instance),
    code: error.code,
    requestId,
  };
  if (error.issues?.length) problem.errors = error.issues.map((i) => ({ path: i.path, message: redactString(i.message) }));
  if (error.retryAfterMs !== undefined) problem.retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (error.details && !internal) problem.details = redact(error.details);
  return problem;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'E_VALIDATION',
  401: 'E_UNAUTHENTICATED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  405: 'E_METHOD_NOT_ALLOWED',
  409: 'E_CONFLICT',
  413: 'E_PAYLOAD_TOO_LARGE',
  415: 'E_UNSUPPORTED_MEDIA_TYPE',
  429: 'E_RATE_LIMITED',
  503: 'E_UNAVAILABLE',
  504: 'E_TIMEOUT',
};

/** Fastify's own errors (validation, body parsing, limits) become AppErrors with the right code. */
export function fromFastifyError(error: FastifyError): AppError {
  if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(error.validation)) {
    const where = error.validationContext ?? 'body';
    const issues: FieldIssue[] = (error.validation ?? []).map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return new AppError('E_VALIDATION', `Invalid request ${where}: ${summary}`, { issues, cause: error });
  }
  const status = error.statusCode ?? 500;
  const code = STATUS_CODES[status];
  if (code && status < 500) return new AppError(code, error.message, { cause: error });
  return toAppError(error);
}

/** Install the error and not-found handlers on an app. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(function problemErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const appError = isAppError(error) ? error : fromFastifyError(error);
    if (appError.status >= 500) request.log.error({ err: error, code: appError.code }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
    return sendProblem(reply, appError, request);
  });
  app.setNotFoundHandler(function problemNotFound(request, reply) {
    return sendProblem(reply, new AppError('E_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`), request);
  });
}

/** Send an AppError as problem+json, with Retry-After when the error says when to retry. */
export function sendProblem(reply: FastifyReply, error: AppError, request: FastifyRequest): FastifyReply {
  const problem = toProblem(error, request.url, String(request.id));
  if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
  // Serialize ourselves: the route's response schema describes success bodies, not problems.
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem);
}
