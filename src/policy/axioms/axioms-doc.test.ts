import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAxiomsDoc } from './axioms-doc.js';
import { AXIOMS } from './index.js';

const DOC = join(import.meta.dirname, '../../../docs/policy.md');
const START = '<!-- axioms:start -->\n';
const END = '\n<!-- axioms:end -->';

describe('docs/policy.md', () => {
  it('documents exactly the axioms in the code (UPDATE_DOCS=1 rewrites the section)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    expect(from, 'markers missing').toBeGreaterThan(-1);
    const section = renderAxiomsDoc();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc.slice(0, from + START.length) + section + doc.slice(to));
    else expect(doc.slice(from + START.length, to)).toBe(section);
  });

  it('lists every axiom in the overview table', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const a of AXIOMS) expect(doc, a.id).toContain(`| [${a.id}](#`);
  });
});
