/**
 * The shape of a SAST rule: a tree-sitter query for one language family whose `@match` capture is the
 * reported node, an optional check on the captures, and what to tell the developer (severity, CWE, fix).
 */
import type { Node } from 'web-tree-sitter';
import type { Severity } from '../findings.js';
import type { SastFamily } from './grammars.js';

/** Captured nodes of one query match, by capture name (the first node of each name). */
export type Captures = Readonly<Record<string, Node>>;

/** One insecure-code rule. */
export interface SastRule {
  /** Stable id; findings use `sast/<id>`. Prefixed by family: js-…, py-…. */
  id: string;
  /** JavaScript/TypeScript (js) or Python (py). */
  family: SastFamily;
  title: string;
  severity: Severity;
  /** e.g. "CWE-78". */
  cwe: string;
  /** What is wrong, for the report. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** Tree-sitter query (one or more patterns); each pattern captures the reported node as `@match`. */
  query: string;
  /**
   * Lower-case substrings of which the file must contain at least one (checked on the lower-cased text) before
   * the query runs: a cheap prefilter, since most files cannot match most rules. Absent: always run.
   */
  keywords?: readonly string[];
  /**
   * Where the query runs when keywords occur: `statement` (default) only on the statements holding a keyword,
   * `file` on the whole file (for rules whose match and keyword may sit in different statements, e.g. SQL
   * assembled in a variable and executed two lines later).
   */
  keywordScope?: 'statement' | 'file';
  /** Extra check on a match; the match counts only when it returns true. */
  where?: (captures: Captures, root: Node) => boolean;
  /** Not reported in test files and fixtures (where, e.g., literal passwords are test data). */
  skipInTests?: boolean;
  /** The matched text may hold a credential: show it with string contents masked. */
  sensitiveMatch?: boolean;
  confidence?: 'low' | 'medium' | 'high';
}
