/**
 * How an operation presents itself to clients: JSON Schemas generated from its zod schemas and MCP annotations
 * derived from its effects. The MCP tool list, the REST tool routes and `tools describe` all use this.
 */
import { z } from 'zod';
import type { Effects, Operation } from './operation.js';

/** MCP tool annotations (hints for clients; the gateway enforces the real rules). */
export type ToolAnnotations = {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
};

export function annotationsFor(op: Pick<Operation, 'title' | 'effects' | 'idempotent'>): ToolAnnotations {
  const by: Record<Effects, Omit<ToolAnnotations, 'title' | 'idempotentHint'>> = {
    read: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
    write: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    destructive: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    external: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  };
  return { title: op.title, ...by[op.effects], idempotentHint: op.effects === 'read' || op.idempotent };
}

export interface OperationDescription {
  name: string;
  title: string;
  description: string;
  server: string | undefined;
  permission: string;
  effects: Effects;
  annotations: ToolAnnotations;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

const schemaCache = new WeakMap<z.ZodType, { input?: Record<string, unknown>; output?: Record<string, unknown> }>();

/** JSON Schema (2020-12) of a zod schema, as clients send (`input`) or receive (`output`) it; cached. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const entry = schemaCache.get(schema) ?? {};
  const cached = entry[io];
  if (cached) return cached;
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  entry[io] = generated;
  schemaCache.set(schema, entry);
  return generated;
}

/** The client-facing description of an operation; schemas an operation declares verbatim (federated tools) win. */
export function describeOperation(op: Operation, server?: string): OperationDescription {
  return {
    name: op.name,
    title: op.title,
    description: op.description,
    server,
    permission: op.permission,
    effects: op.effects,
    annotations: annotationsFor(op),
    inputSchema: op.inputJsonSchema ?? jsonSchemaOf(op.input, 'input'),
    outputSchema: op.outputJsonSchema ?? jsonSchemaOf(op.output, 'output'),
  };
}
