/**
 * scanSecrets: one Aho–Corasick pass finds the lines holding any rule keyword; only those lines meet the
 * rules' regexes; candidates then pass the rule allowlist, the placeholder allowlist, the entropy floor,
 * the rule's validator and the `code-engine:allow` comment. Findings carry a redacted match and a
 * fingerprint of (rule, file, secret) that baselines use.
 */

import { LineIndex } from '../deps/parsers/text-lines.js';
import { type Finding, fingerprintOf } from '../findings.js';
import { isPlaceholder, isSuppressed } from './allowlist.js';
import { shannonEntropy } from './entropy.js';
import { createKeywordMatcher, type KeywordMatcher } from './keyword-matcher.js';
import { redactSecret } from './redact-secret.js';
import { SECRET_RULES, type SecretRule } from './rules.js';

/** Rules compiled for scanning: regexes with match indices, and the keyword automaton. */
export interface CompiledSecretRules {
  readonly rules: readonly SecretRule[];
  readonly matcher: KeywordMatcher;
  /** For each keyword index, the indexes of the rules it triggers. */
  readonly rulesByKeyword: readonly (readonly number[])[];
  readonly regexes: readonly RegExp[];
}

/** Compile a rule set (do it once; scanning reuses it). */
export function compileSecretRules(rules: readonly SecretRule[]): CompiledSecretRules {
  const keywords: string[] = [];
  const rulesByKeyword: number[][] = [];
  rules.forEach((rule, r) => {
    for (const k of rule.keywords) {
      let i = keywords.indexOf(k.toLowerCase());
      if (i === -1) {
        i = keywords.push(k.toLowerCase()) - 1;
        rulesByKeyword.push([]);
      }
      (rulesByKeyword[i] as number[]).push(r);
    }
  });
  const regexes = rules.map((r) => new RegExp(r.regex.source, `${r.regex.flags.replace(/[gd]/g, '')}gd`));
  return { rules, matcher: createKeywordMatcher(keywords), rulesByKeyword, regexes };
}

let compiledDefaults: CompiledSecretRules | undefined;
/** The built-in rules, compiled on first use rather than at import: most processes never scan (issue #6). */
const defaultRules = (): CompiledSecretRules => (compiledDefaults ??= compileSecretRules(SECRET_RULES));

/** Options of scanSecrets. */
export interface ScanSecretsOptions {
  /** A compiled rule set; default: every built-in rule. */
  rules?: CompiledSecretRules;
  /** Fingerprints of accepted findings (see baseline.ts); they are left out. */
  baseline?: ReadonlySet<string>;
}

interface Candidate {
  rule: number;
  /** Offsets of the secret. */
  start: number;
  end: number;
  secret: string;
  /** Offsets reported as the location: the secret, or the whole match for multi-line rules (a PEM block). */
  at: [number, number];
}

/** Lines (as [start, end) offsets) that hold a keyword of each triggered rule; multi-line rules get the whole file. */
function linesToScan(content: string, compiled: CompiledSecretRules): Map<number, Array<[number, number]>> {
  const spans = new Map<number, Array<[number, number]>>();
  let lineStart = 0;
  let lineEnd = -1;
  compiled.matcher.scan(content, (keyword, end) => {
    const at = end - 1;
    if (at >= lineEnd) {
      lineStart = content.lastIndexOf('\n', at) + 1;
      const next = content.indexOf('\n', at);
      lineEnd = next === -1 ? content.length : next;
    }
    for (const r of compiled.rulesByKeyword[keyword] as number[]) {
      const list = spans.get(r) ?? [];
      const whole = compiled.rules[r]?.multiline === true;
      const last = list[list.length - 1];
      if (whole) {
        if (!last) list.push([0, content.length]);
      } else if (!last || last[0] !== lineStart) list.push([lineStart, lineEnd]);
      spans.set(r, list);
    }
  });
  return spans;
}

function candidates(content: string, compiled: CompiledSecretRules): Candidate[] {
  const out: Candidate[] = [];
  for (const [r, spans] of linesToScan(content, compiled)) {
    const rule = compiled.rules[r] as SecretRule;
    const re = compiled.regexes[r] as RegExp;
    const group = rule.group ?? 1;
    for (const [from, to] of spans) {
      const text = from === 0 && to === content.length ? content : content.slice(from, to);
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const span = m.indices?.[group];
        const secret = m[group];
        if (span && secret !== undefined) {
          const whole = rule.multiline ? (m.indices?.[0] as [number, number]) : span;
          out.push({ rule: r, start: from + span[0], end: from + span[1], secret, at: [from + whole[0], from + whole[1]] });
        }
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }
  return out;
}

function accepted(rule: SecretRule, secret: string): boolean {
  if (rule.allowlist?.some((p) => p.test(secret))) return false;
  if (isPlaceholder(secret)) return false;
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return false;
  return rule.validate ? rule.validate(secret) : true;
}

/** 0 = generic, 1 = found by a vendor name nearby, 2 = found by the token's own prefix or shape. */
function specificity(rule: SecretRule | undefined): number {
  return rule?.generic ? 0 : rule?.contextual ? 1 : 2;
}

/** On overlapping text the most specific rule wins (ties: all stay); duplicates of one rule and span collapse. */
function dedupe(found: Candidate[], rules: readonly SecretRule[]): Candidate[] {
  const kept = found.filter((c) => {
    const mine = specificity(rules[c.rule]);
    return !found.some((o) => o !== c && o.start < c.end && c.start < o.end && specificity(rules[o.rule]) > mine);
  });
  const seen = new Set<string>();
  return kept.filter((c) => {
    const key = `${c.rule}:${c.start}:${c.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Secrets in one file, as findings (kind "secret", rule ids "secret/<rule>"), with the secret redacted.
 * Binary content (a NUL byte in the first 8 KiB) yields nothing.
 * @example scanSecrets({ path: 'config/.env', content }) // [{ ruleId: 'secret/github-pat', match: 'ghp_************', … }]
 */
export function scanSecrets(file: { path: string; content: string }, options: ScanSecretsOptions = {}): Finding[] {
  const { content, path } = file;
  if (content.length === 0 || content.slice(0, 8192).includes('\0')) return [];
  const compiled = options.rules ?? defaultRules();
  const found = candidates(content, compiled).filter((c) => accepted(compiled.rules[c.rule] as SecretRule, c.secret));
  if (found.length === 0) return [];
  const index = new LineIndex(content);
  const lines = content.split('\n');
  const findings: Finding[] = [];
  for (const c of dedupe(found, compiled.rules)) {
    const rule = compiled.rules[c.rule] as SecretRule;
    const ruleId = `secret/${rule.id}`;
    const [start, end] = c.at;
    const startLine = index.lineAt(start);
    if (isSuppressed(lines, startLine - 1, ruleId)) continue;
    const fingerprint = fingerprintOf(ruleId, path, c.secret);
    if (options.baseline?.has(fingerprint)) continue;
    const endLine = index.lineAt(Math.max(start, end - 1));
    const lineOffset = content.lastIndexOf('\n', start - 1) + 1;
    findings.push({
      ruleId,
      kind: 'secret',
      severity: rule.severity,
      file: path,
      startLine,
      endLine,
      startColumn: start - lineOffset + 1,
      ...(endLine === startLine ? { endColumn: end - lineOffset + 1 } : {}),
      message: `${rule.description} in source. Revoke and rotate it, then load it from the environment or a secret store.`,
      match: redactSecret(c.secret, rule.visiblePrefix),
      fingerprint,
      cwe: ['CWE-798'],
      fix: 'Remove the value from the file (and from history), rotate it, and read it at run time; if it is a test fixture, mark it with a `code-engine:allow` comment.',
      confidence: rule.generic ? 'medium' : 'high',
      metadata: { entropy: Math.round(shannonEntropy(c.secret) * 100) / 100, length: c.secret.length },
    });
  }
  return findings;
}
