/**
 * Baselines: findings already known (by fingerprint) are left out of a report, so CI fails only on new ones.
 * A baseline file is a previous JSON report of `code-engine scan --format json`, or `{ "fingerprints": [...] }`.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Finding } from '../findings.js';

/** Known findings by fingerprint. */
export interface Baseline {
  file: string;
  fingerprints: ReadonlySet<string>;
}

const baselineFileSchema = z.union([
  z.object({ findings: z.array(z.object({ fingerprint: z.string() })) }),
  z.object({ fingerprints: z.array(z.string()) }),
]);

/** Parse a baseline file's text; throws E_VALIDATION naming the file when it is neither format. */
export function parseBaseline(file: string, text: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError('E_VALIDATION', `Baseline ${file} is not JSON.`, { cause });
  }
  const parsed = baselineFileSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('E_VALIDATION', `Baseline ${file} is neither a code-engine JSON report nor {"fingerprints": [...]}.`);
  const list = 'fingerprints' in parsed.data ? parsed.data.fingerprints : parsed.data.findings.map((f) => f.fingerprint);
  return { file, fingerprints: new Set(list) };
}

/** Split findings into those the baseline does not know and the count it suppressed. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): { kept: Finding[]; suppressed: number } {
  if (!baseline) return { kept: [...findings], suppressed: 0 };
  const kept = findings.filter((f) => !baseline.fingerprints.has(f.fingerprint));
  return { kept, suppressed: findings.length - kept.length };
}
