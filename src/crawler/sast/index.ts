/**
 * Insecure-code analysis (SAST) for JavaScript/TypeScript and Python: tree-sitter query rules with CWE ids
 * and fix hints. Await loadSastGrammars() once per thread, then call runSast per file.
 */
export { loadSastGrammars, type SastGrammar, sastGrammarFor } from './grammars.js';
export { hasNestedQuantifier } from './predicates.js';
export type { Captures, SastRule } from './rule.js';
export { renderSastRulesTable } from './rules-doc.js';
export { JS_RULES } from './rules-js.js';
export { PY_RULES } from './rules-py.js';
export { compileSastRules, runSast, SAST_RULES, type SastFile } from './run-sast.js';
