/**
 * The operation registry: every tool server's operations by name, with name rules enforced at registration.
 */
import { AppError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { assertBuiltInName, MCP_TOOL_NAME } from './names.js';
import type { Operation, ToolServer } from './operation.js';

export interface Registry {
  /** Add a tool server; throws on an invalid or duplicate name. */
  register(server: ToolServer): void;
  /** Remove a server (federated upstreams come and go). */
  unregister(serverName: string): void;
  /** Replace a federated server's operations (after its tool list changed). */
  replace(server: ToolServer): void;
  get(name: string): Operation | undefined;
  /** The operation or E_NOT_FOUND naming close matches. */
  require(name: string): Operation;
  servers(): readonly ToolServer[];
  server(name: string): ToolServer | undefined;
  operations(): readonly Operation[];
  /** The server an operation belongs to. */
  serverOf(name: string): ToolServer | undefined;
  /**
   * Be told after every register, unregister or replace (open MCP sessions re-list their tools and send
   * `notifications/tools/list_changed`). Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
}

/** Create an empty registry. */
export function createRegistry(): Registry {
  const servers = new Map<string, ToolServer>();
  const ops = new Map<string, { op: Operation; server: ToolServer }>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch {
        // A subscriber's failure (one closed session) must not undo or hide the change for the others.
      }
    }
  };

  const add = (server: ToolServer) => {
    for (const op of server.operations) {
      if (server.upstream) {
        if (!MCP_TOOL_NAME.test(op.name))
          throw new AppError('E_INTERNAL', `Federated tool name "${op.name}" is not a valid MCP tool name.`);
      } else {
        assertBuiltInName(server.name, op.name);
      }
      if (ops.has(op.name)) throw new AppError('E_CONFLICT', `Operation ${op.name} is registered twice.`);
    }
    servers.set(server.name, server);
    for (const op of server.operations) ops.set(op.name, { op, server });
  };
  const remove = (name: string) => {
    const server = servers.get(name);
    if (!server) return;
    for (const op of server.operations) ops.delete(op.name);
    servers.delete(name);
  };

  return {
    register(server) {
      if (servers.has(server.name)) throw new AppError('E_CONFLICT', `Tool server ${server.name} is registered twice.`);
      add(server);
      changed();
    },
    unregister(name) {
      if (!servers.has(name)) return;
      remove(name);
      changed();
    },
    replace(server) {
      const previous = servers.get(server.name);
      remove(server.name);
      try {
        add(server);
      } catch (e) {
        if (previous) add(previous);
        throw e;
      }
      changed();
    },
    get: (name) => ops.get(name)?.op,
    require(name) {
      const found = ops.get(name);
      if (found) return found.op;
      throw new AppError('E_NOT_FOUND', `No tool "${name}".${didYouMean(name, ops.keys())}`);
    },
    servers: () => [...servers.values()],
    server: (name) => servers.get(name),
    operations: () => [...ops.values()].map((e) => e.op),
    serverOf: (name) => ops.get(name)?.server,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
