/**
 * Checks SAST rules apply to captured syntax nodes after the tree-sitter query matched: is a value a literal,
 * does it come from the HTTP request (directly or through one local variable), does it hold SQL, is it in a
 * security context, does a regex have nested quantifiers. Heuristics by design: no full data-flow analysis.
 */
import type { Node } from 'web-tree-sitter';
import { isPlaceholder } from '../secrets/allowlist.js';
import { isIdentifierLike } from '../secrets/rules.js';

/** True for a constant string: a JS string or template without substitutions, a Python string without interpolation. */
export function isStringLiteral(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'string') return !node.namedChildren.some((c) => c?.type === 'interpolation');
  if (node.type === 'template_string') return !node.namedChildren.some((c) => c?.type === 'template_substitution');
  if (node.type === 'concatenated_string') return node.namedChildren.every((c) => isStringLiteral(c ?? undefined));
  if (node.type === 'parenthesized_expression') return isStringLiteral(node.namedChildren[0] ?? undefined);
  return false;
}

/** The text of a string literal without quotes and prefixes (r"…", f'…', `…`). */
export function stringValue(node: Node): string {
  return node.text.replace(/^[rbuf]*(?:"""|'''|["'`])/i, '').replace(/(?:"""|'''|["'`])$/, '');
}

const JS_REQUEST =
  /\b(?:req|request|ctx\.request|ctx)\.(?:params|query|body|headers|cookies|url|originalUrl|path)\b|\breq\.(?:param|get|header)\(/;
const PY_REQUEST =
  /\brequest\.(?:args|form|values|files|GET|POST|json|data|cookies|headers|query_params|path_params|url|full_path)\b|\brequest\.get_json\(/;

/** Calls that make request input safe for the sinks these rules watch. */
const SANITIZERS =
  /\b(?:basename|secure_filename|sanitize\w*|escape\w*|encodeURIComponent|parseInt|Number|int|DOMPurify\.\w+|purify\w*|bleach\.clean|quote)\s*\(/i;

/** The function (or program) that contains `node`. */
export function enclosingScope(node: Node): Node {
  let n: Node | null = node.parent;
  while (n) {
    if (
      /^(?:function_declaration|function_expression|arrow_function|method_definition|function_definition|generator_function_declaration|program|module)$/.test(
        n.type,
      )
    )
      return n;
    n = n.parent;
  }
  return node.tree.rootNode;
}

/** Values assigned to the variable `name` inside `scope` (JS declarators and assignments, Python assignments). */
export function assignedValues(scope: Node, name: string): Node[] {
  const out: Node[] = [];
  for (const d of scope.descendantsOfType(['variable_declarator', 'assignment_expression', 'assignment'])) {
    if (!d) continue;
    const target = d.childForFieldName(d.type === 'variable_declarator' ? 'name' : 'left');
    const value = d.childForFieldName(d.type === 'variable_declarator' ? 'value' : 'right');
    if (!target || !value) continue;
    if (target.text === name) out.push(value);
    // Destructuring: `const { file } = req.query`.
    else if (/pattern/.test(target.type) && new RegExp(`\\b${name}\\b`).test(target.text)) out.push(value);
  }
  return out;
}

/** Does `node` (or the local variable it names, one step back) come from the HTTP request, unsanitised? */
export function fromRequest(node: Node | undefined, language: 'js' | 'py'): boolean {
  if (!node) return false;
  const pattern = language === 'js' ? JS_REQUEST : PY_REQUEST;
  const direct = (n: Node) => pattern.test(n.text) && !SANITIZERS.test(n.text);
  if (direct(node)) return true;
  if (node.type !== 'identifier') {
    // Composite expressions: any identifier inside that was assigned from the request.
    const ids = node.descendantsOfType('identifier').filter((n): n is Node => n !== null);
    return !SANITIZERS.test(node.text) && ids.some((id) => assignedValues(enclosingScope(node), id.text).some(direct));
  }
  return assignedValues(enclosingScope(node), node.text).some(direct);
}

const SQL =
  /\b(?:select\s[\s\S]*?\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|drop\s+table|alter\s+table|create\s+table|where\s+\S+\s*(?:=|like|in)\b|order\s+by)/i;

/** A string built at run time (template with substitutions, concatenation, %-formatting, f-string, .format()). */
function isDynamicString(node: Node): boolean {
  if (node.type === 'template_string') return node.namedChildren.some((c) => c?.type === 'template_substitution');
  if (node.type === 'string') return node.namedChildren.some((c) => c?.type === 'interpolation');
  if (node.type === 'binary_expression' || node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text;
    return op === '+' || op === '%';
  }
  if (node.type === 'call') return /\.format$/.test(node.childForFieldName('function')?.text ?? '');
  return false;
}

/** SQL text built at run time: directly, or in a local variable assigned so. */
export function isDynamicSql(node: Node | undefined): boolean {
  if (!node) return false;
  if (isDynamicString(node)) return SQL.test(node.text);
  if (node.type === 'identifier')
    return assignedValues(enclosingScope(node), node.text).some((v) => isDynamicString(v) && SQL.test(v.text));
  return false;
}

/** A template whose substitutions are all constants (ALL_CAPS names, numbers): SQL assembled from code, not input. */
export function onlyConstantSubstitutions(node: Node | undefined): boolean {
  if (node?.type !== 'template_string') return false;
  const subs = node.namedChildren.filter((c) => c.type === 'template_substitution');
  return subs.length > 0 && subs.every((s) => /^\$\{\s*(?:[\w.#]*\.)?(?:[A-Z][A-Z0-9_]*|\d+)\s*\}$/.test(s.text));
}

/** True when `text` holds SQL keywords. */
export function hasSql(text: string): boolean {
  return SQL.test(text);
}

const SECRET_NAME = /passw(?:or)?d|passwd|\bpwd|secret|api_?key|apikey|access_?key|auth_?token|private_?key|credential|token/i;
const NOT_SECRET_NAME =
  /(?:field|label|policy|length|min|max|type|name|header|url|uri|endpoint|path|file|prompt|placeholder|regex|pattern|hint|reset|count|expir|ttl|tokens|usage|limit|env|_id\b|id$|attr|mode|hash)/i;

/** A name that holds a credential (password, secret, api_key …), not metadata about one (passwordField, tokenUrl). */
export function isCredentialName(name: string): boolean {
  const bare = name.replace(/^["'`]|["'`]$/g, '');
  return SECRET_NAME.test(bare) && !NOT_SECRET_NAME.test(bare);
}

/** A string value that could be a real credential: long enough, not a placeholder, not an ENV_NAME or a URL/path. */
export function isCredentialValue(value: string): boolean {
  return (
    value.length >= 4 &&
    !isPlaceholder(value) &&
    !/^[A-Z][A-Z0-9_]+$/.test(value) &&
    !/^(?:https?:\/\/|\/|\.{1,2}\/)/.test(value) &&
    !/\s{2,}/.test(value) &&
    // Flags and enum values (credentials: 'include', 'true'), dotted names and paths are not credentials.
    !/^(?:true|false|yes|no|on|off|none|null|undefined|include|omit|same-origin|use-credentials|required|optional|bearer|basic)$/i.test(
      value,
    ) &&
    !(/[._:/]/.test(value) && isIdentifierLike(value))
  );
}

const RANDOM_PURPOSE = /token|secret|passw|nonce|salt|otp|session|csrf|api_?key|invite|reset|verif|auth|captcha|coupon/i;

/** Names of the variables, properties and functions `node` sits in (innermost first, up to its statement's function). */
export function enclosingNames(node: Node): string[] {
  const names: string[] = [];
  let n: Node | null = node;
  while (n) {
    const field =
      n.type === 'variable_declarator' ||
      n.type === 'function_declaration' ||
      n.type === 'method_definition' ||
      n.type === 'function_definition'
        ? 'name'
        : n.type === 'assignment_expression' || n.type === 'assignment' || n.type === 'augmented_assignment_expression'
          ? 'left'
          : n.type === 'pair'
            ? 'key'
            : undefined;
    const named = field ? n.childForFieldName(field)?.text : undefined;
    if (named) names.push(named);
    if (/^(?:function_declaration|method_definition|function_definition|program|module)$/.test(n.type)) break;
    n = n.parent;
  }
  return names;
}

/** Is a random value at `node` used for a security purpose (token, password, session id …), judging by names? */
export function inSecurityPurpose(node: Node): boolean {
  return enclosingNames(node).some((name) => RANDOM_PURPOSE.test(name));
}

const SECURITY_CONTEXT = /passw|pwd|secret|token|credential|signature|hmac|auth|session|api_?key/i;

/** Does the statement around `node`, or the names it sits in, deal with credentials or signatures? */
export function inSecurityContext(node: Node): boolean {
  let statement: Node | null = node;
  while (statement?.parent && !/statement|declaration|assignment$|^expression_statement$/.test(statement.type))
    statement = statement.parent;
  return SECURITY_CONTEXT.test(statement?.text ?? node.text) || enclosingNames(node).some((n) => SECURITY_CONTEXT.test(n));
}

interface Atom {
  /** Source text of the atom (a char, an escape, a class or a whole group). */
  text: string;
  quantified: boolean;
  /** Repeats without an upper bound: *, + or {n,}. */
  unbounded: boolean;
  group: boolean;
}

/** Split a regex body into atoms with their quantifiers; groups stay whole (their content is checked recursively). */
function atoms(body: string): Atom[] | undefined {
  const out: Atom[] = [];
  let i = 0;
  while (i < body.length) {
    const start = i;
    const ch = body[i];
    let group = false;
    if (ch === '\\') i += 2;
    else if (ch === '[') {
      i++;
      // A ] right after [ or [^ is a literal member (PCRE and Python), not the end of the class.
      if (body[i] === '^') i++;
      if (body[i] === ']') i++;
      while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '(') {
      group = true;
      let depth = 0;
      for (; i < body.length; i++) {
        if (body[i] === '\\') i++;
        else if (body[i] === '[') while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1;
        else if (body[i] === '(') depth++;
        else if (body[i] === ')' && --depth === 0) break;
      }
      i++;
    } else i++;
    if (i > body.length) return undefined;
    const text = body.slice(start, i);
    const q = /^(?:[*+?]|\{\d*,?\d*\})[?+]?/.exec(body.slice(i));
    const quantified = q !== null && !/^\?|^\{\d+\}/.test(q[0]);
    const unbounded = q !== null && /^[*+]|^\{\d*,\}/.test(q[0]);
    if (q) i += q[0].length;
    out.push({ text, quantified, unbounded, group });
  }
  return out;
}

/** Can `atom` match the character `ch`? ("." and unparsable atoms: yes.) */
function atomMatches(atom: string, ch: string): boolean {
  if (atom === '.') return true;
  // Without the u flag first: Python and PCRE patterns escape characters (\") that unicode mode rejects.
  for (const flags of ['', 'u'])
    try {
      return new RegExp(`^(?:${atom})$`, flags).test(ch);
    } catch {}
  return true;
}

/**
 * A quantified group whose content also repeats — (a+)+, (\w*)*, ([a-z]+\s?)* — the classic catastrophic-
 * backtracking shape. A group that must end with a separator its repeated parts cannot match, such as
 * (?:[a-z0-9-]+\.)+, backtracks linearly and is not reported.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const check = (body: string): boolean => {
    const list = atoms(body);
    if (!list) return false;
    for (const a of list) {
      if (!a.group) continue;
      const inner = a.text.replace(/^\((?:\?(?:[:=!]|<[=!]|<[^>]+>))?/, '').replace(/\)$/, '');
      if (check(inner)) return true;
      if (!a.unbounded) continue;
      const parts = inner.split(/(?<!\\)\|/).map((alt) => atoms(alt) ?? []);
      const repeating = (x: Atom) => x.unbounded || (x.group && /[*+]|\{\d*,\}/.test(x.text));
      if (!parts.some((alt) => alt.some(repeating))) continue;
      // A literal that starts or ends every iteration and that the repeated parts cannot match keeps the
      // iterations apart: (?:[a-z0-9-]+\.)+ and (&\w+=\w+)* backtrack linearly.
      const separates = (edge: Atom | undefined, alt: Atom[]) => {
        if (!edge || edge.quantified || edge.group || /^\\[dDwWsSbB]$|^\.$|^\[/.test(edge.text)) return false;
        const literal = edge.text.length === 2 && edge.text[0] === '\\' ? (edge.text[1] as string) : edge.text;
        return alt.filter(repeating).every((x) => !atomMatches(x.text, literal));
      };
      const guarded = parts.every((alt) => separates(alt[alt.length - 1], alt) || separates(alt[0], alt));
      if (!guarded) return true;
    }
    return false;
  };
  return check(pattern);
}

/** Test files and fixtures: test/ tests/ __tests__/ spec/ fixtures/ folders, *.test.* and *.spec.* files, test_*.py. */
export function isTestPath(path: string): boolean {
  return /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|__fixtures__|__mocks__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|\/)test_[^/]*\.py$|_test\.py$/.test(
    path,
  );
}

/** Does the function around `node` check a redirect target (relative-path test, allowlist, same-origin check)? */
export function redirectValidated(node: Node): boolean {
  return /startsWith\(\s*["'`]\/|\.(?:origin|host|hostname)\s*[!=]==|allow\w*\.(?:has|includes)\(|url_has_allowed_host_and_scheme|is_safe_url/i.test(
    enclosingScope(node).text,
  );
}

/** Does the file import or require `module` anywhere (cheap text check)? */
export function fileMentions(root: Node, pattern: RegExp): boolean {
  return pattern.test(root.text);
}

/** Is `node` wrapped in a sanitising call (DOMPurify.sanitize, escape, basename …)? */
export function isSanitized(node: Node): boolean {
  return SANITIZERS.test(node.text);
}
