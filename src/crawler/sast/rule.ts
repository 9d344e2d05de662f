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
  /** Extra check on a match; the match counts only when it returns true. */
  where?: (captures: Captures, root: Node) => boolean;
  /** The matched text may hold a credential: show it with string contents masked. */
  sensitiveMatch?: boolean;
  confidence?: 'low' | 'medium' | 'high';
}
