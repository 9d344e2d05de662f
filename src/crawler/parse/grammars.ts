/**
 * The bundled tree-sitter grammars as data: where each `.wasm` and `tags.scm` lives (inside the official
 * grammar packages, resolved from node_modules — no download at run time), plus our own queries for
 * imports and decision points (cyclomatic complexity).
 */
import type { GrammarId } from '../languages/language-table.js';

/** Everything needed to extract structure with one grammar. */
export interface GrammarSpec {
  /** npm package holding the wasm and queries. */
  package: string;
  wasm: string;
  /** tags.scm files joined in order (TypeScript extends JavaScript's). */
  tags: ReadonlyArray<{ package: string; file: string }>;
  /** Captures @source: the imported module / header / path. */
  imports: string;
  /** Captures @branch: each adds one to the cyclomatic complexity of the innermost enclosing function. */
  branches: string;
}

const JS_IMPORTS = `
(import_statement source: (string) @source)
(export_statement source: (string) @source)
(call_expression function: (identifier) @fn arguments: (arguments . (string) @source) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (string) @source))
`;
const JS_BRANCHES = `
(if_statement) @branch (for_statement) @branch (for_in_statement) @branch (while_statement) @branch
(do_statement) @branch (switch_case) @branch (catch_clause) @branch (ternary_expression) @branch
(binary_expression operator: ["&&" "||" "??"]) @branch
`;
const JS_TAGS = { package: 'tree-sitter-javascript', file: 'queries/tags.scm' };
const C_BRANCHES = `
(if_statement) @branch (for_statement) @branch (while_statement) @branch (do_statement) @branch
(case_statement value: (_)) @branch (conditional_expression) @branch
(binary_expression operator: ["&&" "||"]) @branch
`;

/** Grammar specs by id. */
export const GRAMMARS: Readonly<Record<GrammarId, GrammarSpec>> = {
  javascript: {
    package: 'tree-sitter-javascript',
    wasm: 'tree-sitter-javascript.wasm',
    tags: [JS_TAGS],
    imports: JS_IMPORTS,
    branches: JS_BRANCHES,
  },
  typescript: {
    package: 'tree-sitter-typescript',
    wasm: 'tree-sitter-typescript.wasm',
    tags: [JS_TAGS, { package: 'tree-sitter-typescript', file: 'queries/tags.scm' }],
    imports: JS_IMPORTS,
    branches: JS_BRANCHES,
  },
  tsx: {
    package: 'tree-sitter-typescript',
    wasm: 'tree-sitter-tsx.wasm',
    tags: [JS_TAGS, { package: 'tree-sitter-typescript', file: 'queries/tags.scm' }],
    imports: JS_IMPORTS,
    branches: JS_BRANCHES,
  },
  python: {
    package: 'tree-sitter-python',
    wasm: 'tree-sitter-python.wasm',
    tags: [{ package: 'tree-sitter-python', file: 'queries/tags.scm' }],
    imports: `
(import_statement name: (dotted_name) @source)
(import_statement name: (aliased_import name: (dotted_name) @source))
(import_from_statement module_name: (_) @source)
`,
    branches: `
(if_statement) @branch (elif_clause) @branch (for_statement) @branch (while_statement) @branch
(except_clause) @branch (conditional_expression) @branch (boolean_operator) @branch
(for_in_clause) @branch (if_clause) @branch (case_clause) @branch
`,
  },
  go: {
    package: 'tree-sitter-go',
    wasm: 'tree-sitter-go.wasm',
    tags: [{ package: 'tree-sitter-go', file: 'queries/tags.scm' }],
    imports: '(import_spec path: (_) @source)',
    branches: `
(if_statement) @branch (for_statement) @branch (expression_case) @branch (type_case) @branch
(communication_case) @branch (binary_expression operator: ["&&" "||"]) @branch
`,
  },
  rust: {
    package: 'tree-sitter-rust',
    wasm: 'tree-sitter-rust.wasm',
    tags: [{ package: 'tree-sitter-rust', file: 'queries/tags.scm' }],
    imports: '(use_declaration argument: (_) @source) (extern_crate_declaration name: (identifier) @source)',
    branches: `
(if_expression) @branch (for_expression) @branch (while_expression) @branch (loop_expression) @branch
(match_arm) @branch (binary_expression operator: ["&&" "||"]) @branch (try_expression) @branch
`,
  },
  java: {
    package: 'tree-sitter-java',
    wasm: 'tree-sitter-java.wasm',
    tags: [{ package: 'tree-sitter-java', file: 'queries/tags.scm' }],
    imports: '(import_declaration (_) @source)',
    branches: `
(if_statement) @branch (for_statement) @branch (enhanced_for_statement) @branch (while_statement) @branch
(do_statement) @branch (switch_label) @branch (catch_clause) @branch (ternary_expression) @branch
(binary_expression operator: ["&&" "||"]) @branch
`,
  },
  c: {
    package: 'tree-sitter-c',
    wasm: 'tree-sitter-c.wasm',
    tags: [{ package: 'tree-sitter-c', file: 'queries/tags.scm' }],
    imports: '(preproc_include path: (_) @source)',
    branches: C_BRANCHES,
  },
  cpp: {
    package: 'tree-sitter-cpp',
    wasm: 'tree-sitter-cpp.wasm',
    tags: [{ package: 'tree-sitter-cpp', file: 'queries/tags.scm' }],
    imports: '(preproc_include path: (_) @source)',
    branches: `${C_BRANCHES} (catch_clause) @branch (for_range_loop) @branch`,
  },
};
