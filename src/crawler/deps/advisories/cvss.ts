/**
 * CVSS v3.0/v3.1 base scores from a vector string ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" → 9.8),
 * per the FIRST specification, so OSV advisories without a textual severity still get one.
 */
import type { Severity } from '../../findings.js';

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS 3.1 "Roundup": the smallest one-decimal number ≥ the input, robust to floating-point noise. */
function roundUp(value: number): number {
  const i = Math.round(value * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/** The base score (0–10) of a CVSS v3 vector, or undefined when the vector is not a complete v3 base vector. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(':');
    if (k && v) m[k] = v;
  }
  const pick = <T extends Record<string, number>>(table: T, key: string | undefined): number | undefined =>
    key !== undefined && Object.hasOwn(table, key) ? table[key as keyof T] : undefined;
  const scopeChanged = m.S === 'C';
  if (m.S !== 'C' && m.S !== 'U') return undefined;
  const pr = pick(scopeChanged ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 }, m.PR);
  const av = pick(WEIGHTS.AV, m.AV);
  const ac = pick(WEIGHTS.AC, m.AC);
  const ui = pick(WEIGHTS.UI, m.UI);
  const c = pick(WEIGHTS.CIA, m.C);
  const i = pick(WEIGHTS.CIA, m.I);
  const a = pick(WEIGHTS.CIA, m.A);
  if (pr === undefined || av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined)
    return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min((scopeChanged ? 1.08 : 1) * (impact + exploitability), 10));
}

/** The qualitative rating of a CVSS score (none → info). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
