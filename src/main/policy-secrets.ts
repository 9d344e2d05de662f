/**
 * The policy engine's SecretFinder over the crawler's secret rules (the same ≥ 40 rules, keyword prefilter,
 * placeholder allowlist and validators that scan repositories), followed by the redactor's value patterns for
 * what the rules do not cover (URLs with credentials, Authorization headers).
 */
import { scanSecrets } from '../crawler/secrets/index.js';
import type { SecretFinder } from '../policy/types.js';
import { REDACTED, redactString } from '../security/redact.js';

/** Offsets of each line start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * @example createPolicyEngine({ ..., secrets: crawlerSecretFinder() })
 */
export function crawlerSecretFinder(): SecretFinder {
  return {
    redact(text) {
      const found = new Set<string>();
      let out = text;
      const findings = scanSecrets({ path: 'arguments', content: text });
      if (findings.length) {
        const starts = lineStarts(text);
        const spans = findings.map((f) => {
          const start = (starts[f.startLine - 1] ?? 0) + (f.startColumn ?? 1) - 1;
          // Multi-line findings (a PEM block) have no end column: redact to the end of their last line.
          const lineEnd = text.indexOf('\n', starts[f.endLine - 1] ?? 0);
          const end = f.endColumn !== undefined ? (starts[f.endLine - 1] ?? 0) + f.endColumn - 1 : lineEnd === -1 ? text.length : lineEnd;
          found.add(f.ruleId);
          return [start, end] as const;
        });
        for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}${REDACTED}${out.slice(end)}`;
      }
      const patterned = redactString(out);
      if (patterned !== out) found.add('redactor-pattern');
      return { text: patterned, found: [...found].sort() };
    },
  };
}
