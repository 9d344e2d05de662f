/**
 * Baseline files: findings a team has reviewed and accepted, by fingerprint, so scans report only new ones.
 * The file is JSON (`{ "version": 1, "findings": [{ "fingerprint", "ruleId", "file", "reason"? }] }`)
 * and holds no secret values: fingerprints are hashes.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Finding } from '../findings.js';

const baselineSchema = z.object({
  version: z.literal(1),
  findings: z.array(
    z.object({
      fingerprint: z.string().min(8),
      ruleId: z.string().optional(),
      file: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});

/** A parsed baseline file. */
export type BaselineFile = z.infer<typeof baselineSchema>;

/**
 * Read a baseline file's text into the set of accepted fingerprints. Throws E_VALIDATION on a malformed file.
 * @example scanSecrets(file, { baseline: parseBaseline(readFileSync('.code-engine-baseline.json', 'utf8')) })
 */
export function parseBaseline(text: string): Set<string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError('E_VALIDATION', `The baseline file is not JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('E_VALIDATION', 'The baseline file is not a code-engine baseline (version 1).', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return new Set(parsed.data.findings.map((f) => f.fingerprint));
}

/** The baseline file text that accepts every finding given (sorted, so it diffs well). */
export function buildBaseline(findings: readonly Finding[], reason?: string): string {
  const entries = [...new Map(findings.map((f) => [f.fingerprint, f])).values()]
    .sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint))
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, ...(reason ? { reason } : {}) }));
  const file: BaselineFile = { version: 1, findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Split findings into those not in the baseline and those it accepts. */
export function applyBaseline(findings: readonly Finding[], baseline: ReadonlySet<string>): { fresh: Finding[]; accepted: Finding[] } {
  const fresh: Finding[] = [];
  const accepted: Finding[] = [];
  for (const f of findings) (baseline.has(f.fingerprint) ? accepted : fresh).push(f);
  return { fresh, accepted };
}
