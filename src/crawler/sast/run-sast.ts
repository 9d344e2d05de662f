/**
 * runSast: parses a JavaScript/TypeScript/Python file (or takes the caller's tree), runs the tree-sitter query
 * of every rule of its family whose keywords occur in the file, applies each rule's extra check and the
 * `code-engine:allow` comment, and returns findings. Synchronous once `loadSastGrammars()` has resolved.
 */
import type { Language, Node, Query, Tree } from 'web-tree-sitter';
import { Query as TsQuery } from 'web-tree-sitter';
import { AppError } from '../../core/errors.js';
import { redactString } from '../../security/redact.js';
import { type Finding, fingerprintOf } from '../findings.js';
import { isSuppressed } from '../secrets/allowlist.js';
import { familyOf, type SastFamily, sastGrammarFor, sastLanguages } from './grammars.js';
import { isTestPath } from './predicates.js';
import type { Captures, SastRule } from './rule.js';
import { JS_RULES } from './rules-js.js';
import { PY_RULES } from './rules-py.js';

/** Every SAST rule, JavaScript/TypeScript first. */
export const SAST_RULES: readonly SastRule[] = [...JS_RULES, ...PY_RULES];

/** The rules of one family compiled for one grammar: one query per rule, run only when its keywords occur. */
interface CompiledFamily {
  rules: ReadonlyArray<{ rule: SastRule; query: Query }>;
}

// Compiled per Language object (a caller's tree may come from its own load of the same grammar).
const compiled = new WeakMap<Language, CompiledFamily>();

/**
 * Compile the rules of `family` for `language`. Throws E_INTERNAL when a rule's query does not compile
 * (the rule-table test checks every rule on every grammar).
 */
export function compileSastRules(language: Language, family: SastFamily, rules: readonly SastRule[] = SAST_RULES): CompiledFamily {
  return {
    rules: rules
      .filter((r) => r.family === family)
      .map((rule) => {
        try {
          return { rule, query: new TsQuery(language, rule.query) };
        } catch (cause) {
          throw new AppError('E_INTERNAL', `SAST rule ${rule.id} does not compile for this grammar: ${(cause as Error).message}`, {
            cause,
          });
        }
      }),
  };
}

function familyQueries(language: Language, family: SastFamily): CompiledFamily {
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

/** Statements (and definitions) a keyword-gated query runs on: small subtrees that still hold a whole match. */
const STATEMENT = /(?:statement|declaration|definition)$/;
/** Above this many keyword hits in one file, one query over the whole file is cheaper than many small ones. */
const MAX_SUBTREES = 64;

/** The subtrees to run `rule` on: none when its keywords are absent, the statements holding them, or the file. */
function scopesFor(rule: SastRule, root: Node, lower: string): Node[] {
  if (!rule.keywords) return [root];
  const offsets: number[] = [];
  for (const k of rule.keywords)
    for (let at = lower.indexOf(k); at !== -1 && offsets.length <= MAX_SUBTREES; at = lower.indexOf(k, at + k.length)) offsets.push(at);
  if (offsets.length === 0) return [];
  if (rule.keywordScope === 'file' || offsets.length > MAX_SUBTREES) return [root];
  const scopes = new Map<string, Node>();
  for (const at of offsets) {
    let n: Node | null = root.descendantForIndex(at);
    while (n?.parent && !STATEMENT.test(n.type)) n = n.parent;
    const scope = n ?? root;
    scopes.set(`${scope.startIndex}:${scope.endIndex}`, scope);
  }
  return [...scopes.values()];
}

function findingsIn(tree: Tree, family: SastFamily, file: SastFile): Finding[] {
  const lower = file.content.toLowerCase();
  const root = tree.rootNode;
  const lines = file.content.split('\n');
  const out: Finding[] = [];
  const testFile = isTestPath(file.path);
  for (const { rule, query } of familyQueries(tree.language, family).rules) {
    if (testFile && rule.skipInTests) continue;
    // Most files cannot match most rules, and a query over a few statements is far cheaper than over the file.
    const seen = new Set<number>();
    for (const scope of scopesFor(rule, root, lower))
      for (const m of query.matches(scope)) {
        const captures: Record<string, Node> = {};
        for (const c of m.captures) captures[c.name] ??= c.node;
        const node = captures.match;
        if (!node || seen.has(node.startIndex)) continue;
        if (rule.where && !rule.where(captures as Captures, root)) continue;
        seen.add(node.startIndex);
        const ruleId = `sast/${rule.id}`;
        if (isSuppressed(lines, node.startPosition.row, ruleId)) continue;
        out.push(toFinding(rule, ruleId, node, file.path));
      }
  }
  return out;
}

function toFinding(rule: SastRule, ruleId: string, node: Node, path: string): Finding {
  return {
    ruleId,
    kind: 'sast',
    severity: rule.severity,
    file: path,
    startLine: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    startColumn: node.startPosition.column + 1,
    endColumn: node.endPosition.column + 1,
    message: `${rule.title}: ${rule.message}`,
    match: matchText(rule, node),
    fingerprint: fingerprintOf(ruleId, path, `${enclosingKey(node)}|${node.text}`),
    cwe: [rule.cwe],
    fix: rule.fix,
    confidence: rule.confidence ?? 'medium',
  };
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
