import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.js';
import { findingSchema } from '../findings.js';
import { loadSastGrammars } from './grammars.js';
import { compileSastRules, runSast, SAST_RULES } from './run-sast.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/sast');
const LANGUAGE: Record<string, string> = { js: 'JavaScript', ts: 'TypeScript', tsx: 'TSX', py: 'Python' };

function sample(rule: string, kind: 'vulnerable' | 'fixed') {
  const file = readdirSync(join(FIXTURES, rule)).find((f) => f.startsWith(`${kind}.`));
  if (!file) throw new Error(`test/fixtures/sast/${rule} has no ${kind} sample`);
  const ext = file.slice(file.indexOf('.') + 1);
  return { path: `${rule}/${file}`, language: LANGUAGE[ext], content: readFileSync(join(FIXTURES, rule, file), 'utf8') };
}

beforeAll(async () => {
  await loadSastGrammars();
});

describe('SAST rules on their samples', () => {
  it.each(SAST_RULES.map((r) => r.id))('%s fires on its vulnerable sample', (id) => {
    const findings = runSast(sample(id, 'vulnerable'));
    expect(findings.map((f) => f.ruleId)).toContain(`sast/${id}`);
  });

  it.each(SAST_RULES.map((r) => r.id))('%s and every other rule stay quiet on its fixed sample', (id) => {
    expect(runSast(sample(id, 'fixed')).map((f) => `${f.ruleId}:${f.startLine}`)).toEqual([]);
  });

  it('has a sample folder for every rule and a rule for every sample folder', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(SAST_RULES.map((r) => r.id).sort());
  });
});

describe('runSast', () => {
  it('returns valid findings with location, CWE and fix', () => {
    const [finding] = runSast({ path: 'a.js', language: 'JavaScript', content: 'const x = 1;\nconst y = eval(input);\n' });
    expect(findingSchema.parse(finding)).toMatchObject({
      ruleId: 'sast/js-eval',
      kind: 'sast',
      severity: 'high',
      startLine: 2,
      startColumn: 11,
      endColumn: 22,
      cwe: ['CWE-95'],
      match: 'eval(input)',
    });
  });

  it('masks string contents of credential findings', () => {
    const [finding] = runSast({ path: 'a.py', language: 'Python', content: 'db_password = "Tr0ub4dor&3-prod"\n' });
    expect(finding?.match).not.toContain('Tr0ub4dor');
  });

  it('leaves literal passwords in test files alone', () => {
    const content = 'db_password = "Tr0ub4dor&3-prod"\n';
    expect(runSast({ path: 'tests/test_db.py', language: 'Python', content })).toEqual([]);
  });

  it('does not take flags and enum values for credentials', () => {
    const content = "fetch(url, { credentials: 'include' });\nconst headers = { 'access-control-allow-credentials': 'true' };\n";
    expect(runSast({ path: 'a.js', language: 'JavaScript', content })).toEqual([]);
  });

  it('keeps the fingerprint when the code moves down', () => {
    const a = runSast({ path: 'a.js', language: 'JavaScript', content: 'eval(input);\n' })[0]?.fingerprint;
    const b = runSast({ path: 'a.js', language: 'JavaScript', content: '\n\n// moved\neval(input);\n' })[0]?.fingerprint;
    expect(b).toBe(a);
  });

  it('honours code-engine:allow for a rule', () => {
    const content = '// code-engine:allow sast/js-eval\neval(input);\n';
    expect(runSast({ path: 'a.js', language: 'JavaScript', content })).toEqual([]);
  });

  it('returns nothing for languages without rules', () => {
    expect(runSast({ path: 'a.go', language: 'Go', content: 'package main' })).toEqual([]);
    expect(runSast({ path: 'README', language: undefined, content: 'eval(x)' })).toEqual([]);
  });

  it('accepts short language ids', () => {
    expect(runSast({ path: 'a.py', language: 'py', content: 'eval(data)\n' }).map((f) => f.ruleId)).toEqual(['sast/py-eval-exec']);
  });

  it('analyses a tree the caller parsed', async () => {
    const { parser, languages } = await loadSastGrammars();
    parser.setLanguage(languages.typescript);
    const content = 'el.innerHTML = html;\n';
    const tree = parser.parse(content);
    if (!tree) throw new Error('parse failed');
    expect(runSast({ path: 'a.ts', language: 'TypeScript', content, tree }).map((f) => f.ruleId)).toEqual(['sast/js-inner-html']);
    tree.delete();
  });
});

describe('SAST rule table', () => {
  it('has at least 30 rules with unique ids, CWE, message and fix', () => {
    expect(SAST_RULES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SAST_RULES.map((r) => r.id)).size).toBe(SAST_RULES.length);
    for (const r of SAST_RULES) {
      expect(r.cwe, r.id).toMatch(/^CWE-\d+$/);
      expect(r.id.startsWith(`${r.family}-`), r.id).toBe(true);
      expect(r.message.length && r.fix.length, r.id).toBeGreaterThan(0);
    }
  });

  it('compiles every JavaScript rule for the JavaScript, TypeScript and TSX grammars', async () => {
    const { languages } = await loadSastGrammars();
    for (const g of ['javascript', 'typescript', 'tsx'] as const) expect(() => compileSastRules(languages[g], 'js')).not.toThrow();
  });

  it('reports a rule that does not compile with E_INTERNAL', async () => {
    const { languages } = await loadSastGrammars();
    const bad = { ...(SAST_RULES[0] as (typeof SAST_RULES)[number]), query: '(no_such_node) @match' };
    let error: unknown;
    try {
      compileSastRules(languages.javascript, 'js', [bad]);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code).toBe('E_INTERNAL');
  });
});
