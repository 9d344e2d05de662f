/**
 * Every axiom's documented examples hold: `fires` fires with the axiom's effect and `passes` does not. The same
 * examples are printed in docs/policy.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AXIOMS } from './index.js';
import { axiom, engineFor, examplePrincipal, fire, inspect } from './test-kit.js';

const inputAxioms = AXIOMS.filter((a) => a.stage !== 'output');
const outputAxioms = AXIOMS.filter((a) => a.stage === 'output');

describe('axiom examples', () => {
  it('numbers the axioms AX-01 … without gaps', () => {
    expect(AXIOMS.map((a) => a.id)).toEqual(AXIOMS.map((_, i) => `AX-${String(i + 1).padStart(2, '0')}`));
    expect(AXIOMS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(inputAxioms.map((a) => [a.id, a]))('%s fires on its fires example', async (id, a) => {
    if (a.commit) {
      // Rate axioms fire once the budget is used: spend it with real calls first (committed, as when they run).
      const engine = engineFor(a, a.examples.fires);
      const ex = a.examples.fires;
      const first = await engine.evaluate({
        operation: ex.operation,
        effects: ex.effects,
        permission: 'x:y',
        input: ex.arguments,
        principal: examplePrincipal(ex),
        face: 'rest',
      });
      await first.commit?.();
      const again = await engine.explain({
        operation: ex.operation,
        effects: ex.effects,
        input: ex.arguments,
        principal: examplePrincipal(ex),
      });
      expect(again.matched.find((m) => m.id === id)?.effect).toBe(a.effect);
      return;
    }
    expect((await fire(id, a.examples.fires))?.effect).toBe(a.effect);
  });

  it.each(inputAxioms.map((a) => [a.id, a]))('%s passes its passes example', async (id, a) => {
    expect(await fire(id, a.examples.passes)).toBeUndefined();
  });

  it.each(outputAxioms.map((a) => [a.id, a]))('%s rewrites the output of its fires example', async (id, a) => {
    const out = await inspect(id, a.examples.fires, a.examples.fires.output);
    expect(out).not.toEqual(a.examples.fires.output);
  });

  it.each(outputAxioms.map((a) => [a.id, a]))('%s leaves the output of its passes example alone', async (id, a) => {
    const out = await inspect(id, a.examples.passes, a.examples.passes.output);
    expect(out).toBe(a.examples.passes.output);
  });

  it('gives every axiom its own table of cases in its group test file', () => {
    const dir = import.meta.dirname;
    const groupTests = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') && !['examples.test.ts', 'axioms-doc.test.ts'].includes(f))
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
      .join('\n');
    const missing = AXIOMS.filter((a) => !groupTests.includes(`describe('${a.id} `)).map((a) => a.id);
    expect(missing).toEqual([]);
  });

  it('gives every axiom a rationale, a severity and a title', () => {
    for (const a of AXIOMS) {
      expect(a.title.length, a.id).toBeGreaterThan(10);
      expect(a.rationale.length, a.id).toBeGreaterThan(40);
      expect(axiom(a.id)).toBe(a);
    }
  });
});
