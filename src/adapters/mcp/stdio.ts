/**
 * MCP over stdio (`code-engine mcp`): stdout carries only the protocol; logs go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpSession } from './server.js';

/** Serve one session on stdin/stdout; resolves when the client closes the stream. */
export async function serveStdio(
  session: McpSession,
  streams: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {},
): Promise<void> {
  const transport = new StdioServerTransport(streams.stdin as never, streams.stdout as never);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    (streams.stdin ?? process.stdin).once('end', () => {
      void transport.close();
    });
  });
  await session.server.connect(transport);
  await closed;
}
