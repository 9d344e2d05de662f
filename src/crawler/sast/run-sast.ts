/**
 * runSast: parses a JavaScript/TypeScript/Python file (or takes the caller's tree), runs every rule of its
 * family as one combined tree-sitter query, applies each rule's extra check and the `code-engine:allow`
 * comment, and returns findings. Synchronous once `loadSastGrammars()` has resolved in this thread.
 */
import type { Language, Node, Query, Tree } from 'web-tree-sitter';
import { Query as TsQuery } from 'web-tree-sitter';
import { AppError } from '../../core/errors.js';
import { redactString } from '../../security/redact.js';
import { type Finding, fingerprintOf } from '../findings.js';
import { isSuppressed } from '../secrets/allowlist.js';
import { familyOf, type SastFamily, sastGrammarFor, sastLanguages } from './grammars.js';
import type { Captures, SastRule } from './rule.js';
import { JS_RULES } from './rules-js.js';
import { PY_RULES } from './rules-py.js';

/** Every SAST rule, JavaScript/TypeScript first. */
export const SAST_RULES: readonly SastRule[] = [...JS_RULES, ...PY_RULES];

/** One query per language holding every rule of its family, and which rule each pattern belongs to. */
interface CompiledFamily {
  query: Query;
  ruleOfPattern: SastRule[];
}

// Compiled per Language object (a caller's tree may come from its own load of the same grammar).
const compiled = new WeakMap<Language, CompiledFamily>();

/**
 * Compile the rules of `family` for `language` into one query. Throws when a rule's query does not compile
 * (the rule-table test checks every rule on every grammar).
 */
export function compileSastRules(language: Language, family: SastFamily, rules: readonly SastRule[] = SAST_RULES): CompiledFamily {
  const mine = rules.filter((r) => r.family === family);
  const ruleOfPattern: SastRule[] = [];
  const sources: string[] = [];
  for (const rule of mine) {
    let q: Query;
    try {
      q = new TsQuery(language, rule.query);
    } catch (cause) {
      throw new AppError('E_INTERNAL', `SAST rule ${rule.id} does not compile for this grammar: ${(cause as Error).message}`, { cause });
    }
    for (let i = 0; i < q.patternCount(); i++) ruleOfPattern.push(rule);
    q.delete();
    sources.push(rule.query);
  }
  return { query: new TsQuery(language, sources.join('\n')), ruleOfPattern };
}

function familyQuery(language: Language, family: SastFamily): CompiledFamily {
  let c = compiled.get(language);
  if (!c) {
    c = compileSastRules(language, family);
    compiled.set(language, c);
  }
  return c;
}

/** The reported text: one line, at most 160 characters, string contents masked for credential rules. */
function matchText(rule: SastRule, node: Node): string {
  let text = node.text.split('\n', 1)[0] ?? '';
  if (rule.sensitiveMatch) text = text.replace(/(["'`])(?:\\.|(?!\1).)+\1/g, '$1***$1');
  text = redactString(text);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** A file to analyse. `language` is a display name ("TypeScript", "JSX", "Python") or an id ("ts", "py"). */
export interface SastFile {
  path: string;
  language: string | undefined;
  content: string;
  /** A tree of this content parsed by the caller with one of the SAST grammars; parsed here when absent. */
  tree?: Tree;
}

/**
 * Insecure-code findings for one file (kind "sast", rule ids "sast/<rule>"). Files in languages without
 * SAST rules yield nothing. Throws E_UNAVAILABLE when `loadSastGrammars()` has not resolved yet.
 * @example await loadSastGrammars(); runSast({ path: 'src/app.ts', language: 'TypeScript', content })
 */
export function runSast(file: SastFile): Finding[] {
  const grammar = sastGrammarFor(file.language);
  if (!grammar) return [];
  const loaded = sastLanguages();
  if (!loaded && !file.tree)
    throw new AppError('E_UNAVAILABLE', 'SAST grammars are not loaded yet: await loadSastGrammars() once before runSast().');
  let tree = file.tree;
  let own: Tree | undefined;
  if (!tree && loaded) {
    loaded.parser.setLanguage(loaded.languages[grammar]);
    own = loaded.parser.parse(file.content) ?? undefined;
    tree = own;
  }
  if (!tree) return [];
  try {
    return findingsIn(tree, familyOf(grammar), file);
  } finally {
    own?.delete();
  }
}

function findingsIn(tree: Tree, family: SastFamily, file: SastFile): Finding[] {
  const { query, ruleOfPattern } = familyQuery(tree.language, family);
  const root = tree.rootNode;
  const lines = file.content.split('\n');
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const m of query.matches(root)) {
    const rule = ruleOfPattern[m.patternIndex];
    if (!rule) continue;
    const captures: Record<string, Node> = {};
    for (const c of m.captures) captures[c.name] ??= c.node;
    const node = captures.match;
    if (!node) continue;
    const key = `${rule.id}:${node.startIndex}:${node.endIndex}`;
    if (seen.has(key)) continue;
    if (rule.where && !rule.where(captures as Captures, root)) continue;
    seen.add(key);
    const ruleId = `sast/${rule.id}`;
    if (isSuppressed(lines, node.startPosition.row, ruleId)) continue;
    const match = matchText(rule, node);
    out.push({
      ruleId,
      kind: 'sast',
      severity: rule.severity,
      file: file.path,
      startLine: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
      startColumn: node.startPosition.column + 1,
      endColumn: node.endPosition.column + 1,
      message: `${rule.title}: ${rule.message}`,
      match,
      fingerprint: fingerprintOf(ruleId, file.path, `${enclosingKey(node)}|${node.text}`),
      cwe: [rule.cwe],
      fix: rule.fix,
      confidence: rule.confidence ?? 'medium',
    });
  }
  return out;
}

/** The name of the innermost named function or class around `node`, so identical lines in two functions differ. */
function enclosingKey(node: Node): string {
  for (let n = node.parent; n; n = n.parent)
    if (/function|method|class/.test(n.type)) {
      const name = n.childForFieldName('name')?.text;
      if (name) return name;
    }
  return '';
}
