/**
 * Request ids: reuse a well-formed incoming X-Request-Id (so traces join across proxies), otherwise a new UUID.
 */
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Bounded and plain so an attacker cannot inject log lines or huge values through the header. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId` factory. */
export function requestIdGenerator(uuid: () => string) {
  return function genReqId(req: IncomingMessage): string {
    const incoming = req.headers[REQUEST_ID_HEADER];
    return typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : uuid();
  };
}
