/**
 * Reading rule files: YAML (or JSON) text → validated rules and tests, with errors naming the file and the path
 * of each bad field. No YAML tags, anchors-as-code or custom types: the core schema only.
 */
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../core/errors.js';
import { type Rule, type RuleFile, ruleFileSchema, ruleSchema } from './rule-schema.js';

const MAX_FILE_CHARS = 1_048_576;

/**
 * Parse and validate a rule file's text. Throws E_VALIDATION naming the source and every bad field.
 * @example const { rules, tests } = parseRuleFile(readFileSync(path, 'utf8'), path)
 */
export function parseRuleFile(text: string, source: string): RuleFile {
  if (text.length > MAX_FILE_CHARS)
    throw new AppError('E_VALIDATION', `${source}: rule files are limited to ${MAX_FILE_CHARS} characters.`);
  let raw: unknown;
  try {
    // maxAliasCount bounds "billion laughs" expansion; the core schema has no custom tags.
    raw = parseYaml(text, { schema: 'core', maxAliasCount: 100, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  } catch (e) {
    throw new AppError('E_VALIDATION', `${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const parsed = ruleFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalid(source, parsed.error.issues);
  return parsed.data;
}

/** Validate one rule (API bodies). Throws E_VALIDATION naming each bad field. */
export function parseRule(input: unknown, source = 'rule'): Rule {
  const parsed = ruleSchema.safeParse(input);
  if (!parsed.success) throw invalid(source, parsed.error.issues);
  return parsed.data;
}

function invalid(source: string, zodIssues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): AppError {
  const issues = zodIssues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  return new AppError('E_VALIDATION', `${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}
