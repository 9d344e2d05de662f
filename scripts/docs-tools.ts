/** `npm run docs:tools`: regenerate docs/tools.md from the registry of a throw-away runtime. */
import { writeFileSync } from 'node:fs';
import { toolsDocument } from '../src/gateway/tools-doc.js';
import { withThrowawayRuntime } from '../test/helpers/throwaway-runtime.js';

await withThrowawayRuntime(async (runtime) => {
  writeFileSync(new URL('../docs/tools.md', import.meta.url), toolsDocument(runtime.gateway.registry.servers()));
});
console.log('docs/tools.md updated');
