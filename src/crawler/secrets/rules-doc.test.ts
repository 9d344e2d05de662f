import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSecretRulesTable } from './rules-doc.js';

const DOC = join(import.meta.dirname, '../../../docs/crawler-analyzers.md');
const START = '<!-- secret-rules:start -->\n';
const END = '\n<!-- secret-rules:end -->';

describe('docs/crawler-analyzers.md', () => {
  it('lists exactly the rules in the table (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    expect(from, 'markers missing').toBeGreaterThan(-1);
    const table = renderSecretRulesTable();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc.slice(0, from + START.length) + table + doc.slice(to));
    else expect(doc.slice(from + START.length, to)).toBe(table);
  });
});
