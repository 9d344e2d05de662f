/**
 * What a caller presents, independent of the face: an `Authorization: Bearer` value (a JWT or an API key)
 * or an `X-API-Key` header. HTTP, MCP over HTTP and stdio all turn their input into Credentials.
 */
import type { Principal } from './principal.js';

/** Presented credentials. */
export type Credentials = { type: 'bearer'; token: string } | { type: 'api_key'; key: string };

/** Header values as Node gives them. */
export type HeaderBag = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Read credentials from request headers; undefined when none are sent. A bearer value that looks like an
 * API key (`ce_…`) is treated as one, so CI can use either header.
 * @example const creds = credentialsFromHeaders(request.headers)
 */
export function credentialsFromHeaders(headers: HeaderBag): Credentials | undefined {
  const auth = first(headers.authorization);
  if (auth) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    const value = match?.[1];
    if (!value) return { type: 'bearer', token: '' };
    return credentialFromBearer(value);
  }
  const key = first(headers['x-api-key'])?.trim();
  return key ? { type: 'api_key', key } : undefined;
}

/**
 * One bearer value as the gateway passes it: `ce_…` is an API key, anything else a JWT.
 * @example await auth.authenticate(credentialFromBearer(token))
 */
export function credentialFromBearer(value: string): Credentials {
  return value.startsWith('ce_') ? { type: 'api_key', key: value } : { type: 'bearer', token: value };
}

/**
 * A principal for code-engine itself or a trusted local face (MCP stdio, the CLI): no credentials, fixed roles.
 * @example const principal = servicePrincipal('mcp-stdio', ['mcp_service'])
 */
export function servicePrincipal(name: string, roles: readonly string[]): Principal {
  return { id: name, type: 'service', name, roles: [...roles] };
}
