/**
 * A real code-engine server with a known bootstrap admin, cheap argon2 and helpers to log in and call routes.
 */
import type { LightMyRequestResponse } from 'fastify';
import { startTestServer, type TestServer, type TestServerOptions } from './app.js';
import { FAST_ARGON2 } from './auth.js';

/** The bootstrap admin's password in these servers. */
export const ADMIN_PASSWORD = 'first start passphrase';

/** A started server plus request helpers. */
export interface AuthServer {
  s: TestServer;
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Log in (no MFA) and return the access and refresh tokens. */
  login(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  /** Create a user as admin and return its id. */
  createUser(adminToken: string, username: string, password: string, roles: string[]): Promise<string>;
  close(): Promise<void>;
}

/** Start a server whose first admin is `admin` / ADMIN_PASSWORD. */
export async function startAuthServer(options: TestServerOptions = {}): Promise<AuthServer> {
  const s = await startTestServer({
    ...options,
    env: { CODE_ENGINE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env },
    overrides: { ...FAST_ARGON2, ...options.overrides },
  });
  const call: AuthServer['call'] = (method, url, o = {}) =>
    s.server.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
    });
  return {
    s,
    call,
    async login(username, password) {
      const res = await call('POST', '/api/auth/login', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return res.json().tokens;
    },
    async createUser(adminToken, username, password, roles) {
      const res = await call('POST', '/api/users', { token: adminToken, body: { username, password, roles } });
      if (res.statusCode !== 201) throw new Error(`create user failed: ${res.statusCode} ${res.body}`);
      return res.json().id;
    },
    close: () => s.close(),
  };
}
