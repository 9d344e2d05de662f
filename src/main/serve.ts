/**
 * `code-engine serve`: migrate, listen, and shut down gracefully on SIGTERM/SIGINT
 * (stop accepting, drain in-flight requests within server.shutdownTimeoutMs, close DB/Redis, exit 0).
 */
import type { FastifyInstance } from 'fastify';
import type { RouteGroup } from '../adapters/http/app.js';
import { AppError } from '../core/errors.js';
import { startAuthBootstrap } from './auth-bootstrap.js';
import { createHttpApp } from './http.js';
import type { Runtime } from './runtime.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Graceful stop; resolves true when every in-flight request finished before the deadline. */
  stop(reason: string): Promise<boolean>;
}

export interface StartOptions {
  /** Additional route groups (tests mount probes such as a slow route here). */
  extraRoutes?: readonly RouteGroup[];
}

/** Start serving. Rejects with E_UNAVAILABLE when the port is taken or cannot be bound. */
export async function startServer(runtime: Runtime, options: StartOptions = {}): Promise<RunningServer> {
  const { config, deps } = runtime;
  const log = deps.log;
  await runtime.startMigrations();
  await startAuthBootstrap(runtime);
  // Upstreams connect in the background: their tools appear (and MCP sessions get list_changed) once connected.
  void runtime.federation.start();
  const app = await createHttpApp(runtime, options.extraRoutes);
  try {
    await app.listen({ host: config.server.host, port: config.server.port });
  } catch (cause) {
    await app.close().catch(() => {});
    const code = (cause as NodeJS.ErrnoException).code;
    const where = `${config.server.host}:${config.server.port}`;
    if (code === 'EADDRINUSE') {
      throw new AppError(
        'E_UNAVAILABLE',
        `Port ${config.server.port} on ${config.server.host} is already in use. Stop the other process or choose another port with --port, CODE_ENGINE_SERVER_PORT or server.port.`,
        { cause },
      );
    }
    if (code === 'EACCES') throw new AppError('E_UNAVAILABLE', `No permission to listen on ${where}; use a port above 1023.`, { cause });
    if (code === 'EADDRNOTAVAIL') throw new AppError('E_UNAVAILABLE', `Address ${config.server.host} is not on this machine.`, { cause });
    throw new AppError('E_UNAVAILABLE', `Cannot listen on ${where}: ${(cause as Error).message}`, { cause });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = `http://${host}:${port}`;
  log.info({ url, docs: `${url}/docs`, database: runtime.db.description }, `code-engine listening on ${url}`);

  let stopping: Promise<boolean> | undefined;
  const stop = (reason: string): Promise<boolean> => {
    stopping ??= (async () => {
      log.info({ reason, deadlineMs: config.server.shutdownTimeoutMs }, 'shutting down: draining in-flight requests');
      let drained = true;
      const deadline = setTimeout(() => {
        drained = false;
        log.warn('shutdown deadline reached: closing remaining connections');
        app.server.closeAllConnections();
      }, config.server.shutdownTimeoutMs);
      deadline.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
        await runtime.close();
      }
      return drained;
    })();
    return stopping;
  };
  return { app, url, stop };
}

/** Stop on SIGTERM/SIGINT; exit 0 after a clean drain, 1 when the deadline cut requests off. */
export function stopOnSignals(server: RunningServer, exit: (code: number) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    server.stop(signal).then(
      (drained) => exit(drained ? 0 : 1),
      () => exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
