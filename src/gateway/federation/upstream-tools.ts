/**
 * Turns an upstream's tool list into gateway Operations named `<alias>__<tool>`: the upstream's JSON Schemas
 * shown verbatim, effects and permission from config (upstream annotations are hints we do not trust), the
 * breaker/bulkhead dependency `mcp:<alias>`, and the upstream's CallToolResult as the output.
 */
import { z } from 'zod';
import type { UpstreamConfig } from '../../core/config/gateway.js';
import { federatedName } from '../names.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { inputSchemaFrom } from './input-schema.js';
import { renderToolResult, toolResultSchema } from './tool-result.js';

const MAX_TITLE_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 8_000;
const clip = (max: number) => (s: string) => (s.length > max ? `${s.slice(0, max)}…` : s);

const jsonObjectSchema = z.looseObject({ type: z.literal('object') });

/** One tool of an upstream's `tools/list`, as far as the gateway relies on it (outside input: validated). */
export const upstreamToolSchema = z.looseObject({
  name: z.string().min(1).max(256),
  title: z.string().transform(clip(MAX_TITLE_CHARS)).optional(),
  description: z.string().transform(clip(MAX_DESCRIPTION_CHARS)).optional(),
  inputSchema: jsonObjectSchema,
  outputSchema: jsonObjectSchema.optional(),
  annotations: z.looseObject({ title: z.string().transform(clip(MAX_TITLE_CHARS)).optional() }).optional(),
});

/** Calls tool `tool` (its upstream name) on the upstream. */
export type UpstreamCall = (tool: string, args: Record<string, unknown>, ctx: OperationContext) => Promise<unknown>;

/** The operations of one upstream, and the tools that were left out with the reason. */
export interface UpstreamOperations {
  operations: Operation[];
  skipped: Array<{ tool: string; reason: string }>;
}

/**
 * Build the operations of upstream `config.alias` from its raw tool list.
 * @example upstreamOperations(config, (await client.listTools()).tools, (tool, args, ctx) => upstream.call(tool, args, ctx))
 */
export function upstreamOperations(config: UpstreamConfig, tools: readonly unknown[], call: UpstreamCall): UpstreamOperations {
  const { alias } = config;
  const operations: Operation[] = [];
  const skipped: UpstreamOperations['skipped'] = [];
  const names = new Set<string>();
  for (const raw of tools) {
    const parsed = upstreamToolSchema.safeParse(raw);
    const label =
      typeof (raw as { name?: unknown })?.name === 'string' ? String((raw as { name: string }).name).slice(0, 100) : '(unnamed)';
    if (!parsed.success) {
      skipped.push({ tool: label, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'tool'}: ${i.message}`).join('; ') });
      continue;
    }
    const tool = parsed.data;
    const name = federatedName(alias, tool.name);
    if (names.has(name)) {
      skipped.push({ tool: label, reason: `listed twice (as ${name})` });
      continue;
    }
    names.add(name);
    const inputJsonSchema = tool.inputSchema as Record<string, unknown>;
    operations.push(
      defineOperation({
        name,
        title: tool.title ?? tool.annotations?.title ?? tool.name,
        description: tool.description ?? `Tool "${tool.name}" of the federated MCP server "${alias}".`,
        input: inputSchemaFrom(inputJsonSchema),
        output: toolResultSchema,
        inputJsonSchema,
        ...(tool.outputSchema ? { outputJsonSchema: tool.outputSchema as Record<string, unknown> } : {}),
        toolResult: true,
        permission: config.permission ?? `mcp:${alias}:call`,
        effects: config.toolEffects[tool.name] ?? config.effects,
        dependency: `mcp:${alias}`,
        timeoutMs: config.timeoutMs,
        render: renderToolResult,
        run: (input, ctx) => call(tool.name, input as Record<string, unknown>, ctx) as never,
      }),
    );
  }
  return { operations, skipped };
}
