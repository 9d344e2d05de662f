/**
 * The life of one federated upstream: connect, publish its tools, ping every health interval, reconnect with
 * exponential backoff after any loss, and re-list tools on `notifications/tools/list_changed`. The last known
 * tools stay registered while it is down, so calls fail with E_UNAVAILABLE (and then E_CIRCUIT_OPEN from the
 * `mcp:<alias>` breaker) instead of vanishing.
 */
import type { UpstreamConfig } from '../../core/config/gateway.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Timers } from '../../resilience/timers.js';
import type { OperationContext, ToolServer } from '../operation.js';
import { type ConnectionDeps, openConnection, type UpstreamConnection } from './upstream-connection.js';
import { isConnectionLoss, toUpstreamError } from './upstream-errors.js';
import { upstreamOperations } from './upstream-tools.js';

/** Where an upstream is in its life. */
export type UpstreamState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

/** What `mcp_federation_status` shows of one upstream (never its command, URL or credentials). */
export interface UpstreamStatus {
  alias: string;
  transport: 'stdio' | 'http';
  state: UpstreamState;
  /** Tools currently registered (the last known list while disconnected). */
  tools: number;
  /** The upstream's `serverInfo`, once connected. */
  server?: { name: string; version: string };
  lastError?: string;
  lastErrorAt?: string;
  connectedAt?: string;
  lastRefreshAt?: string;
  /** Failed connection attempts since the last success. */
  reconnectAttempts: number;
  nextReconnectAt?: string;
}

/** Timing of an upstream's connection management. */
export interface UpstreamTiming {
  healthIntervalMs: number;
  connectTimeoutMs: number;
  reconnectBaseDelayMs: number;
  reconnectMaxDelayMs: number;
}

/** What an upstream needs. */
export interface UpstreamDeps extends ConnectionDeps {
  clock: Clock;
  timers: Timers;
  /** Uniform in [0, 1): reconnect jitter. */
  random: () => number;
  timing: UpstreamTiming;
  /** Register (or replace) this upstream's tool server in the gateway registry. */
  publish(server: ToolServer): void;
  /** Remove it (on stop). */
  withdraw(alias: string): void;
}

/** One managed upstream. */
export interface Upstream {
  readonly alias: string;
  /** First connection attempt; resolves once it succeeded or failed (failures schedule reconnects). */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): UpstreamStatus;
  /** Re-list the tools now (also done on list_changed and after every reconnect). */
  refresh(): Promise<void>;
}

const MAX_PING_TIMEOUT_MS = 10_000;
const MAX_ERROR_CHARS = 300;

/** Timers must not keep a finished CLI alive; stop() clears them anyway. */
const unref = (handle: unknown) => (handle as { unref?: () => void } | null)?.unref?.();

/**
 * Create (not yet start) the manager of one upstream.
 * @example const upstream = createUpstream(config, deps); await upstream.start();
 */
export function createUpstream(config: UpstreamConfig, deps: UpstreamDeps): Upstream {
  const { alias } = config;
  const { clock, timers, timing } = deps;
  const log = deps.log.child({ upstream: alias });
  const iso = (ms: number) => new Date(ms).toISOString();

  let state: UpstreamState = 'disconnected';
  let connection: UpstreamConnection | undefined;
  // Bumped whenever a connection is dropped: events of older connections are ignored.
  let generation = 0;
  let tools = 0;
  let serverInfo: UpstreamStatus['server'];
  let lastError: { message: string; at: number } | undefined;
  let connectedAt: number | undefined;
  let lastRefreshAt: number | undefined;
  let attempts = 0;
  let nextReconnectAt: number | undefined;
  let reconnectTimer: unknown;
  let healthTimer: unknown;
  let probing = false;
  let refreshing: Promise<void> | undefined;
  let refreshAgain = false;
  // What was last published: an unchanged list after a reconnect is not re-published (no list_changed churn).
  let published: string | undefined;

  const fail = (message: string) => {
    lastError = { message: message.replace(/\s+/g, ' ').slice(0, MAX_ERROR_CHARS), at: clock.now() };
  };

  async function drop(): Promise<void> {
    generation++;
    timers.clearTimeout(healthTimer);
    healthTimer = undefined;
    const old = connection;
    connection = undefined;
    await old?.close().catch(() => {});
  }

  function scheduleReconnect(): void {
    if (state === 'stopped') return;
    attempts++;
    // Exponential backoff with equal jitter: never a tight loop, and upstreams that died together spread out.
    const cap = Math.min(timing.reconnectMaxDelayMs, timing.reconnectBaseDelayMs * 2 ** Math.min(attempts - 1, 30));
    const delayMs = Math.floor(cap / 2 + (cap / 2) * Math.min(Math.max(deps.random(), 0), 1));
    nextReconnectAt = clock.now() + delayMs;
    timers.clearTimeout(reconnectTimer);
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delayMs);
    unref(reconnectTimer);
  }

  function scheduleHealth(gen: number): void {
    timers.clearTimeout(healthTimer);
    healthTimer = timers.setTimeout(() => {
      healthTimer = undefined;
      void probe(gen).then(() => {
        if (gen === generation && state === 'connected') scheduleHealth(gen);
      });
    }, timing.healthIntervalMs);
    unref(healthTimer);
  }

  /** The connection is gone: drop it and reconnect with backoff. */
  async function lost(gen: number, reason: string): Promise<void> {
    if (gen !== generation || state !== 'connected') return;
    state = 'disconnected';
    fail(reason);
    log.warn({ reason: lastError?.message }, `upstream MCP server ${alias} disconnected; reconnecting`);
    await drop();
    scheduleReconnect();
  }

  async function probe(gen: number): Promise<void> {
    const current = connection;
    if (probing || !current || gen !== generation) return;
    probing = true;
    try {
      await current.ping(Math.min(timing.healthIntervalMs, MAX_PING_TIMEOUT_MS));
    } catch (e) {
      await lost(gen, `ping failed: ${(e as Error).message}`);
    } finally {
      probing = false;
    }
  }

  async function listAndPublish(current: UpstreamConnection): Promise<void> {
    const raw = await current.listTools(timing.connectTimeoutMs);
    lastRefreshAt = clock.now();
    const fingerprint = JSON.stringify([serverInfo?.name, raw]);
    if (fingerprint === published) return;
    const { operations, skipped } = upstreamOperations(config, raw, call);
    for (const s of skipped) log.warn({ tool: s.tool, reason: s.reason }, `upstream ${alias}: tool left out`);
    deps.publish({
      name: alias,
      title: `${serverInfo?.name ?? alias} (federated)`,
      description: `Tools of the federated MCP server "${alias}" (${config.transport}).`,
      operations,
      upstream: { alias, transport: config.transport },
    });
    published = fingerprint;
    tools = operations.length;
    log.info({ tools }, `upstream MCP server ${alias}: ${tools} tools`);
  }

  function refresh(): Promise<void> {
    if (refreshing) {
      // A change arrived while listing: list once more when this round ends.
      refreshAgain = true;
      return refreshing;
    }
    const run = async () => {
      do {
        refreshAgain = false;
        const current = connection;
        if (!current || state !== 'connected') return;
        await listAndPublish(current).catch((e) => {
          fail(`tools/list failed: ${(e as Error).message}`);
          log.warn({ err: lastError?.message }, `upstream ${alias}: refreshing tools failed`);
        });
      } while (refreshAgain);
    };
    refreshing = run().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function connect(): Promise<void> {
    if (state === 'stopped') return;
    state = 'connecting';
    const gen = ++generation;
    try {
      const opened = await openConnection(
        config,
        deps,
        {
          onClose: () => void lost(gen, 'the connection closed'),
          onToolsChanged: () => {
            if (gen === generation) void refresh();
          },
        },
        timing.connectTimeoutMs,
      );
      if (gen !== generation || (state as UpstreamState) === 'stopped') {
        await opened.close().catch(() => {});
        return;
      }
      connection = opened;
      serverInfo = opened.server;
      await listAndPublish(opened);
      if (gen !== generation) return;
      state = 'connected';
      attempts = 0;
      nextReconnectAt = undefined;
      connectedAt = clock.now();
      scheduleHealth(gen);
    } catch (e) {
      if (gen !== generation || (state as UpstreamState) === 'stopped') return;
      fail((e as Error).message);
      log.warn({ err: lastError?.message, attempt: attempts + 1 }, `cannot connect to upstream MCP server ${alias}`);
      state = 'disconnected';
      await drop();
      scheduleReconnect();
    }
  }

  /** One tool call on the live connection; connection losses trigger an immediate health probe. */
  async function call(tool: string, args: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
    const current = connection;
    if (!current || state !== 'connected') {
      throw new AppError('E_UNAVAILABLE', `Upstream MCP server "${alias}" is not connected; it is reconnected automatically.`);
    }
    const gen = generation;
    try {
      return await current.callTool(tool, args, {
        signal: ctx.signal,
        timeoutMs: config.timeoutMs,
        onProgress: (u) => ctx.progress(u),
      });
    } catch (e) {
      const error = toUpstreamError(alias, e);
      if (isConnectionLoss(error)) void probe(gen);
      throw error;
    }
  }

  return {
    alias,
    start: () => connect(),
    async stop() {
      state = 'stopped';
      timers.clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      nextReconnectAt = undefined;
      await drop();
      deps.withdraw(alias);
      published = undefined;
      tools = 0;
    },
    status: () => ({
      alias,
      transport: config.transport,
      state,
      tools,
      ...(serverInfo ? { server: serverInfo } : {}),
      ...(lastError ? { lastError: lastError.message, lastErrorAt: iso(lastError.at) } : {}),
      ...(connectedAt !== undefined ? { connectedAt: iso(connectedAt) } : {}),
      ...(lastRefreshAt !== undefined ? { lastRefreshAt: iso(lastRefreshAt) } : {}),
      reconnectAttempts: attempts,
      ...(nextReconnectAt !== undefined ? { nextReconnectAt: iso(nextReconnectAt) } : {}),
    }),
    refresh,
  };
}
