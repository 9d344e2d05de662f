/**
 * The MCP CallToolResult as the output of federated operations: its zod schema (the SDK's, so the pipeline
 * validates what the upstream sent) and a short text rendering for REST `text` and the CLI.
 */
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

/** Output schema of every federated operation. */
export const toolResultSchema = CallToolResultSchema;

const MAX_RENDER_CHARS = 20_000;

function block(content: CallToolResult['content'][number]): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'audio':
      return `[${content.type} ${content.mimeType}, ${Math.floor((content.data.length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[resource ${content.uri}]`;
    case 'resource':
      return 'text' in content.resource && typeof content.resource.text === 'string'
        ? content.resource.text
        : `[resource ${content.resource.uri}]`;
    default:
      return `[${(content as { type: string }).type}]`;
  }
}

/**
 * The text of an upstream result: its text blocks in order, placeholders for binary blocks, and the structured
 * content as JSON when there is no content block. Errors reported by the upstream start with "Upstream error:".
 * @example renderToolResult({ content: [{ type: 'text', text: 'hi' }] }) // 'hi'
 */
export function renderToolResult(output: unknown): string {
  const parsed = CallToolResultSchema.safeParse(output);
  if (!parsed.success) return JSON.stringify(output, null, 2);
  const result = parsed.data;
  const parts = result.content.map(block);
  if (parts.length === 0 && result.structuredContent) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = `${result.isError ? 'Upstream error: ' : ''}${parts.join('\n')}`;
  return text.length > MAX_RENDER_CHARS ? `${text.slice(0, MAX_RENDER_CHARS)}\n… (truncated; the structured result is complete)` : text;
}
