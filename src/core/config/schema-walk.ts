/**
 * Reads the config schema's shape: every leaf key with its type, default, description and secrecy.
 * Drives env-variable names, CLI `--set` parsing, `config print` redaction and the README reference.
 */
import type { z } from 'zod';
import { secretRegistry } from './secret.js';

export type LeafKind = 'string' | 'number' | 'boolean' | 'enum' | 'json';

export interface ConfigLeaf {
  path: string[];
  kind: LeafKind;
  secret: boolean;
  optional: boolean;
  description: string | undefined;
  defaultValue: unknown;
  enumValues: string[] | undefined;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  defaultValue?: unknown;
  in?: z.ZodType;
}

const def = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

interface Unwrapped {
  core: z.ZodType;
  secret: boolean;
  optional: boolean;
  description: string | undefined;
  defaultValue: unknown;
}

/** Strip optional/default/… wrappers, collecting what they say. */
export function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let isSecret = false;
  let optional = false;
  let description: string | undefined;
  let defaultValue: unknown;
  for (;;) {
    isSecret ||= secretRegistry.has(current);
    description ??= current.description;
    const d = def(current);
    if (d.type === 'optional') optional = true;
    if (d.type === 'default' && defaultValue === undefined) defaultValue = d.defaultValue;
    if (WRAPPERS.has(d.type) && d.innerType) {
      current = d.innerType;
      continue;
    }
    if (d.type === 'pipe' && d.in) {
      current = d.in;
      continue;
    }
    return { core: current, secret: isSecret, optional, description, defaultValue };
  }
}

/** The object shape of a schema (after unwrapping), or undefined for leaves. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const d = def(unwrap(schema).core);
  return d.type === 'object' ? d.shape : undefined;
}

/** Every leaf of the schema, depth first, in declaration order. */
export function configLeaves(schema: z.ZodType, path: string[] = []): ConfigLeaf[] {
  const shape = objectShape(schema);
  if (shape) return Object.entries(shape).flatMap(([key, child]) => configLeaves(child, [...path, key]));
  const u = unwrap(schema);
  const d = def(u.core);
  const kind: LeafKind = d.type === 'string' || d.type === 'number' || d.type === 'boolean' || d.type === 'enum' ? d.type : 'json';
  return [
    {
      path,
      kind: d.type === 'bigint' ? 'number' : kind,
      secret: u.secret,
      optional: u.optional,
      description: u.description,
      defaultValue: u.defaultValue,
      enumValues: d.type === 'enum' && d.entries ? Object.values(d.entries) : undefined,
    },
  ];
}

/** The schema node at `path`, or undefined when the path does not exist. */
export function schemaAt(schema: z.ZodType, path: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    const shape: Record<string, z.ZodType> | undefined = current ? objectShape(current) : undefined;
    current = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!current) return undefined;
  }
  return current;
}

/** Environment variable for a config path: server.port → CODE_ENGINE_SERVER_PORT. */
export function envName(path: readonly string[]): string {
  return `CODE_ENGINE_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}
