/**
 * The tools the MCP conformance suite calls by name, served only by the conformance test's server
 * (never in a real deployment). Each goes through the full gateway pipeline like any other operation.
 */
import { z } from 'zod';
import { AppError } from '../../src/core/errors.js';
import { defineOperation, type ToolServer } from '../../src/gateway/operation.js';

const simpleText = defineOperation({
  name: 'test_simple_text',
  title: 'Conformance: simple text',
  description: 'Returns a fixed text (MCP conformance fixture).',
  input: z.object({}),
  output: z.object({ text: z.string() }),
  permission: 'system:read',
  effects: 'read',
  render: (o) => o.text,
  run: async () => ({ text: 'This is a simple text response for testing.' }),
});

const errorHandling = defineOperation({
  name: 'test_error_handling',
  title: 'Conformance: error',
  description: 'Always fails (MCP conformance fixture).',
  input: z.object({}),
  output: z.object({}),
  permission: 'system:read',
  effects: 'read',
  run: async () => {
    throw new AppError('E_UPSTREAM', 'This tool intentionally returns an error for testing');
  },
});

const withProgress = defineOperation({
  name: 'test_tool_with_progress',
  title: 'Conformance: progress',
  description: 'Reports progress 0, 50, 100 (MCP conformance fixture).',
  input: z.object({}),
  output: z.object({ done: z.boolean() }),
  permission: 'system:read',
  effects: 'read',
  run: async (_input, ctx) => {
    for (const progress of [0, 50, 100]) {
      ctx.progress({ progress, total: 100, message: `${progress}%` });
      await new Promise((r) => setTimeout(r, 50));
    }
    return { done: true };
  },
});

export const conformanceFixtures: ToolServer = {
  name: 'test',
  title: 'Conformance fixtures',
  description: 'Tools the MCP conformance suite expects by name.',
  operations: [simpleText, errorHandling, withProgress],
};
