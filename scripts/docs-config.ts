/** `npm run docs:config`: regenerate the configuration reference embedded in docs/configuration.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withReference } from '../src/core/config/reference.js';

const file = new URL('../docs/configuration.md', import.meta.url);
writeFileSync(file, withReference(readFileSync(file, 'utf8')));
console.log('docs/configuration.md updated');
