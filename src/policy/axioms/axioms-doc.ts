/**
 * The axiom reference as Markdown, for docs/policy.md (a test keeps the page in sync with the axiom list).
 */
import type { Axiom, AxiomExample } from '../types.js';
import { AXIOMS } from './index.js';

const code = (s: string) => `\`${s.replace(/`/g, 'ˋ')}\``;
const list = (items: readonly string[]) => items.map(code).join(', ');

function scope(a: Axiom): string {
  const parts = [
    a.effects ? `${a.effects.join('/')} calls` : 'all calls',
    a.productionOnly ? 'in production' : '',
    a.operations ? `of ${list(a.operations)}` : 'of every operation',
    a.stage === 'output' ? '(inspects outputs)' : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function example(e: AxiomExample): string {
  const extras = [
    e.environment ? `environment ${code(e.environment)}` : '',
    e.roles ? `roles ${list(e.roles)}` : '',
    e.principalType ? `principal type ${code(e.principalType)}` : '',
    e.mfaAgeMinutes !== undefined ? `MFA ${e.mfaAgeMinutes} min ago` : '',
    e.at ? `at ${e.at}` : '',
    e.settings ? `with ${code(JSON.stringify(e.settings))}` : '',
    e.output !== undefined ? `output ${code(JSON.stringify(e.output))}` : '',
  ].filter(Boolean);
  return `${code(e.operation)} (${e.effects}) ${code(JSON.stringify(e.arguments))}${extras.length ? `; ${extras.join('; ')}` : ''}`;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const heading = (a: Axiom) => `${a.id} — ${a.title}`;

/** An overview table, then one section per axiom: heading, a facts table, rationale, argument shapes and examples. */
export function renderAxiomsDoc(axioms: readonly Axiom[] = AXIOMS): string {
  const overview = [
    '| Axiom | Title | Severity | Default | Effect |',
    '| --- | --- | --- | --- | --- |',
    ...axioms.map(
      (a) => `| [${a.id}](#${anchor(heading(a))}) | ${a.title} | ${a.severity} | ${a.defaultOn ? 'on' : 'off'} | ${a.effect} |`,
    ),
  ].join('\n');
  const sections = axioms
    .map((a) => {
      const lines = [
        `### ${heading(a)}`,
        '',
        '| Severity | Default | Effect | Applies to | Config keys |',
        '| --- | --- | --- | --- | --- |',
        `| ${a.severity} | ${a.defaultOn ? 'on' : 'off'} | ${a.effect} | ${scope(a)} | ${a.configKeys.length ? list(a.configKeys) : '—'} |`,
        '',
        a.rationale,
        '',
      ];
      if (a.shape) {
        lines.push(
          `Argument shapes: ${Object.entries(a.shape)
            .map(([role, names]) => `${role} ${list(names)}`)
            .join('; ')}.`,
          '',
        );
      }
      lines.push(`- Fires: ${example(a.examples.fires)}`, `- Passes: ${example(a.examples.passes)}`);
      return lines.join('\n');
    })
    .join('\n\n');
  return `${overview}\n\n${sections}`;
}
