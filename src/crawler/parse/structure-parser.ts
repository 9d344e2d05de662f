/**
 * Symbols and structure with web-tree-sitter: functions, classes, methods with line ranges (from the grammar
 * packages' tags.scm), imports, and cyclomatic complexity per function (1 + decision points inside it,
 * nested functions counted separately).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, type Node, Parser, Query, type Tree } from 'web-tree-sitter';
import type { GrammarId } from '../languages/language-table.js';
import { GRAMMARS } from './grammars.js';
import { definitionForms } from './tags-query.js';

/** Kinds of symbols reported. */
export type SymbolKind = 'function' | 'method' | 'class' | 'interface' | 'type' | 'module' | 'macro';

/** One definition in a file. */
export interface CodeSymbol {
  name: string;
  kind: SymbolKind;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Cyclomatic complexity (functions and methods only). */
  complexity?: number;
}

/** What a parse found. */
export interface Structure {
  symbols: CodeSymbol[];
  imports: string[];
  /** The tree has ERROR nodes (the grammar did not fully understand the file). */
  hasErrors: boolean;
  /** Text ranges (string indices) of functions and methods, in `symbols` order, for per-function fingerprints. */
  callableSpans: Array<{ name: string; startLine: number; endLine: number; start: number; end: number }>;
}

/** Parses source text with the bundled grammars; grammars load on first use. */
export interface StructureParser {
  /** Parse `text`; `withTree` sees the tree before it is freed (SAST reuses it instead of parsing again). */
  parse(text: string, grammar: GrammarId, withTree?: (tree: Tree) => void): Promise<Structure>;
}

interface Loaded {
  parser: Parser;
  tags: Query;
  /** Imports (@source) and decision points (@branch) in one query: one pass over the tree instead of two. */
  outline: Query;
}

const KINDS: Record<string, SymbolKind> = {
  'definition.function': 'function',
  'definition.method': 'method',
  'definition.class': 'class',
  'definition.interface': 'interface',
  'definition.type': 'type',
  'definition.module': 'module',
  'definition.macro': 'macro',
};
const CALLABLE = new Set<SymbolKind>(['function', 'method']);
const CONTAINER = new Set<SymbolKind>(['class', 'interface']);

let initialised: Promise<void> | undefined;

/** Create a parser; web-tree-sitter's runtime initialises once per thread. */
export function createStructureParser(): StructureParser {
  const require = createRequire(import.meta.url);
  const loaded = new Map<GrammarId, Promise<Loaded>>();
  const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

  const load = (id: GrammarId): Promise<Loaded> => {
    let p = loaded.get(id);
    if (!p) {
      p = (async () => {
        initialised ??= Parser.init();
        await initialised;
        const spec = GRAMMARS[id];
        const language = await Language.load(join(packageDir(spec.package), spec.wasm));
        const tagsSource = spec.tags.map((t) => readFileSync(join(packageDir(t.package), t.file), 'utf8')).join('\n');
        const parser = new Parser();
        parser.setLanguage(language);
        return {
          parser,
          tags: new Query(language, definitionForms(tagsSource)),
          outline: new Query(language, `${spec.imports}\n${spec.branches}`),
        };
      })();
      loaded.set(id, p);
    }
    return p;
  };

  return {
    async parse(text, grammar, withTree) {
      const { parser, tags, outline } = await load(grammar);
      const tree = parser.parse(text);
      if (!tree) return { symbols: [], imports: [], hasErrors: true, callableSpans: [] };
      try {
        withTree?.(tree);
        const root = tree.rootNode;
        const defs = collectDefinitions(tags, root);
        const captures = outline.captures(root);
        assignComplexity(
          defs,
          captures.filter((c) => c.name === 'branch'),
        );
        const importList = [...new Set(captures.filter((c) => c.name === 'source').map((c) => unquote(c.node.text)))];
        return {
          symbols: defs.map((d) => d.symbol),
          imports: importList,
          hasErrors: root.hasError,
          callableSpans: defs
            .filter((d) => CALLABLE.has(d.symbol.kind))
            .map((d) => ({ name: d.symbol.name, startLine: d.symbol.startLine, endLine: d.symbol.endLine, start: d.start, end: d.end })),
        };
      } finally {
        tree.delete();
      }
    },
  };
}

interface Def {
  symbol: CodeSymbol;
  start: number;
  end: number;
}

function collectDefinitions(tags: Query, root: Node): Def[] {
  const out: Def[] = [];
  const seen = new Set<string>();
  for (const match of tags.matches(root)) {
    const name = match.captures.find((c) => c.name === 'name')?.node;
    const def = match.captures.find((c) => KINDS[c.name] !== undefined);
    if (!name || !def) continue;
    let kind = KINDS[def.name] as SymbolKind;
    let node: Node | null = def.node;
    // C/C++ tags point at the declarator; the function is its enclosing definition (prototypes have none).
    if (node.type === 'function_declarator') {
      while (node && node.type !== 'function_definition' && /declarator|function_definition/.test(node.type)) node = node.parent;
      if (node?.type !== 'function_definition') continue;
    }
    const key = `${kind}:${name.text}:${node.startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kind === 'function' && out.some((o) => CONTAINER.has(o.symbol.kind) && o.start <= node.startIndex && node.endIndex <= o.end))
      kind = 'method';
    out.push({
      symbol: { name: name.text, kind, startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 },
      start: node.startIndex,
      end: node.endIndex,
    });
  }
  // Classes may be matched after their methods: a second pass promotes functions nested in a class.
  for (const d of out) {
    if (d.symbol.kind === 'function' && out.some((o) => CONTAINER.has(o.symbol.kind) && o.start <= d.start && d.end <= o.end))
      d.symbol.kind = 'method';
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

function assignComplexity(defs: Def[], branches: ReadonlyArray<{ node: Node }>): void {
  const callables = defs.filter((d) => CALLABLE.has(d.symbol.kind));
  if (callables.length === 0) return;
  for (const d of callables) d.symbol.complexity = 1;
  // Smallest first, so the first containing function is the innermost one.
  const bySize = [...callables].sort((a, b) => a.end - a.start - (b.end - b.start));
  for (const capture of branches) {
    const at = capture.node.startIndex;
    const owner = bySize.find((d) => d.start <= at && at < d.end);
    if (owner) owner.symbol.complexity = (owner.symbol.complexity ?? 1) + 1;
  }
}

function unquote(text: string): string {
  return text.replace(/^["'`<]|["'`>]$/g, '');
}
