/**
 * docs/tools.md, generated from the registry: every tool server and tool with purpose, arguments, result,
 * permission and effects. `npm run docs:tools` writes it; a test fails when it drifts from the code.
 */
import { describeOperation } from './describe.js';
import type { ToolServer } from './operation.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema;
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const t = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  return t === 'array' && s.items ? `${typeOf(s.items)}[]` : t;
}

function fields(schema: JsonSchema): string[] {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return ['_none_'];
  const required = new Set(schema.required ?? []);
  return [
    '| Name | Type | Required | Description |',
    '|---|---|---|---|',
    ...props.map(([name, p]) => {
      const dflt = p.default !== undefined ? ` Default \`${JSON.stringify(p.default)}\`.` : '';
      return `| \`${name}\` | ${typeOf(p)} | ${required.has(name) ? 'yes' : 'no'} | ${cell((p.description ?? '') + dflt)} |`;
    }),
  ];
}

/** The whole document. Federated upstream servers are excluded (they come from configuration). */
export function toolsDocument(servers: readonly ToolServer[]): string {
  const builtIn = servers.filter((s) => !s.upstream);
  const out: string[] = [
    '# Tools',
    '',
    '<!-- Generated from the registry by `npm run docs:tools`; test/docs-tools.test.ts fails when it drifts. Do not edit by hand. -->',
    '',
    'Every tool is one operation served as an MCP tool, through `POST /api/mcp/execute` (and its own REST route where',
    'listed) and as `code-engine tools call NAME`. Every call passes the gateway pipeline: authentication, rate limit,',
    'RBAC (the permission below), policy, confirmation of destructive effects, timeout and circuit breaker, audit.',
    '',
    '| Server | Tools |',
    '|---|---|',
    ...builtIn.map((s) => `| [${s.name}](#${s.name}) | ${s.operations.map((o) => `\`${o.name}\``).join(', ')} |`),
    '',
  ];
  for (const server of builtIn) {
    out.push(`## ${server.name}`, '', server.description, '');
    for (const op of server.operations) {
      const d = describeOperation(op, server.name);
      out.push(
        `### \`${op.name}\` — ${op.title}`,
        '',
        op.description,
        '',
        `Permission \`${op.permission}\` · effects \`${op.effects}\`${op.http ? ` · REST \`${op.http.method} ${op.http.path}\`` : ''}`,
        '',
        '**Arguments**',
        '',
        ...fields(d.inputSchema as JsonSchema),
        '',
        '**Result**',
        '',
        ...fields(d.outputSchema as JsonSchema),
        '',
        `Example: \`code-engine tools call ${op.name} --json '${JSON.stringify(op.example)}'\``,
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
