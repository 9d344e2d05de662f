import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_TOOLS_END, README_TOOLS_START, readmeToolsTable, toolsDocument } from '../src/gateway/tools-doc.js';
import { withThrowawayRuntime } from './helpers/throwaway-runtime.js';

describe('docs/tools.md', () => {
  it('matches the registry (run `npm run docs:tools` after changing a tool)', async () => {
    const doc = readFileSync(new URL('../docs/tools.md', import.meta.url), 'utf8');
    await withThrowawayRuntime(async (runtime) => {
      expect(doc).toBe(toolsDocument(runtime.gateway.registry.servers()));
    });
  });

  it('README lists every built-in server and tool (run `npm run docs:tools`)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf(README_TOOLS_START), readme.indexOf(README_TOOLS_END) + README_TOOLS_END.length);
    await withThrowawayRuntime(async (runtime) => {
      expect(section).toBe(readmeToolsTable(runtime.gateway.registry.servers()));
    });
  });

  it('has a valid example for every tool', async () => {
    await withThrowawayRuntime(async (runtime) => {
      for (const op of runtime.gateway.registry.operations()) {
        const parsed = op.input.safeParse(op.example);
        expect(parsed.success, `${op.name}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      }
    });
  });
});
