import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference, withReference } from './reference.js';

describe('configuration reference', () => {
  it('lists every key with its environment variable', () => {
    const table = configReference();
    expect(table).toContain('| `server.port` | `CODE_ENGINE_SERVER_PORT` | number | `7878` |');
    expect(table).toContain('`CODE_ENGINE_AUTH_ADMIN_PASSWORD`, `_FILE`');
  });

  it('is current in docs/configuration.md (run `npm run docs:config` after changing the schema)', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(withReference(doc)).toBe(doc);
  });
});
