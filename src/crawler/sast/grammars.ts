/**
 * The tree-sitter grammars SAST rules are written for (JavaScript, TypeScript, TSX, Python), loaded from the
 * grammar packages' own .wasm files. web-tree-sitter loads asynchronously, so a thread awaits
 * `loadSastGrammars()` once; after that `runSast` is synchronous.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** Grammars used by SAST. JSX files use the JavaScript grammar (it parses JSX). */
export type SastGrammar = 'javascript' | 'typescript' | 'tsx' | 'python';

/** Which rule family a grammar runs. */
export type SastFamily = 'js' | 'py';

const WASM: Record<SastGrammar, { pkg: string; file: string; family: SastFamily }> = {
  javascript: { pkg: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm', family: 'js' },
  typescript: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm', family: 'js' },
  tsx: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm', family: 'js' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm', family: 'py' },
};

/** Display names (as the crawler's language table spells them) and short ids, to grammars. */
const BY_NAME: Record<string, SastGrammar> = {
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
  tsx: 'tsx',
  python: 'python',
  py: 'python',
};

/** The grammar for a language name ("TypeScript", "JSX", "python" …), or undefined when SAST has none. */
export function sastGrammarFor(language: string | undefined): SastGrammar | undefined {
  return language ? BY_NAME[language.toLowerCase()] : undefined;
}

/** The rule family of a grammar. */
export function familyOf(grammar: SastGrammar): SastFamily {
  return WASM[grammar].family;
}

/** Loaded languages, once per thread. */
export interface SastLanguages {
  parser: Parser;
  languages: Record<SastGrammar, Language>;
}

let loading: Promise<SastLanguages> | undefined;
let loaded: SastLanguages | undefined;

/**
 * Load the SAST grammars (idempotent; concurrent callers share one load). Await it before `runSast`.
 * @example await loadSastGrammars(); const findings = runSast({ path, language: 'TypeScript', content });
 */
export function loadSastGrammars(): Promise<SastLanguages> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const entries = await Promise.all(
      (Object.keys(WASM) as SastGrammar[]).map(async (g) => {
        const spec = WASM[g];
        const dir = dirname(require.resolve(`${spec.pkg}/package.json`));
        return [g, await Language.load(join(dir, spec.file))] as const;
      }),
    );
    loaded = { parser: new Parser(), languages: Object.fromEntries(entries) as Record<SastGrammar, Language> };
    return loaded;
  })();
  return loading;
}

/** The loaded grammars, or undefined before `loadSastGrammars()` has resolved. */
export function sastLanguages(): SastLanguages | undefined {
  return loaded;
}
