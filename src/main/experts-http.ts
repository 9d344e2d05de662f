/**
 * The outbound HTTP client of the LLM providers: the SSRF-guarded client of src/resilience, with two differences
 * from the shared one. Idle timeouts follow the experts deadlines (a reasoning model can be silent for minutes
 * before its first byte), and the hosts of configured provider base URLs are allowed (an operator who points
 * `providers.ollama.baseUrl` at 127.0.0.1 means it; keys set through the API never change base URLs).
 */
import type { Config } from '../core/config/schema.js';
import type { FetchLike } from '../experts/types.js';
import { createHttpClient } from '../resilience/http-client.js';
import { createSsrfGuard } from '../security/ssrf-guard.js';

/** Hosts of the base URLs configured under `providers`. */
export function providerHosts(config: Config): string[] {
  return Object.values(config.providers).flatMap((p) => (p.baseUrl ? [new URL(p.baseUrl).hostname] : []));
}

/** Idle timeout for provider connections: the longer experts limit, or none when either limit is off. */
export function providerIdleTimeoutMs(config: Config): number {
  const limits = [config.experts.perExpertTimeoutMs, config.experts.deadlineMs];
  return limits.includes(0) ? 0 : Math.max(...limits);
}

/** The providers' fetch and how to release its connections. */
export interface ProviderHttp {
  fetch: FetchLike;
  close(): Promise<void>;
}

/** Build the providers' client (close it at shutdown; idle sockets are unref'd, so it never holds a process open). */
export function createProviderHttpClient(config: Config): ProviderHttp {
  const guard = createSsrfGuard({ allowHosts: [...config.http.allowHosts, ...providerHosts(config)], allowCidrs: config.http.allowCidrs });
  const http = createHttpClient({ ...config.http, requestTimeoutMs: providerIdleTimeoutMs(config), guard });
  return {
    // undici 7's fetch types and Node's bundled undici-types differ in detail (Request#bytes); the runtime objects
    // are the same WHATWG fetch, which is what the SDKs call.
    fetch: http.fetch as unknown as FetchLike,
    close: () => http.close(),
  };
}
