/** `npm run docs:tools`: regenerate docs/tools.md and the README's tools table from the registry of a throw-away runtime. */
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeToolsTable, replaceReadmeTools, toolsDocument } from '../src/gateway/tools-doc.js';
import { withThrowawayRuntime } from '../test/helpers/throwaway-runtime.js';

await withThrowawayRuntime(async (runtime) => {
  const servers = runtime.gateway.registry.servers();
  writeFileSync(new URL('../docs/tools.md', import.meta.url), toolsDocument(servers));
  const readme = new URL('../README.md', import.meta.url);
  writeFileSync(readme, replaceReadmeTools(readFileSync(readme, 'utf8'), readmeToolsTable(servers)));
});
console.log('docs/tools.md and the README tools table updated');
