/**
 * The condition language of user rules (`when:`): a small expression grammar parsed by hand into an AST — no
 * `eval`, no `Function`, no regular expressions over input. Size, token count and nesting are bounded, so a hostile
 * rule costs at most a few thousand steps to parse.
 *
 *   expr    := or
 *   or      := and (("||" | "or") and)*
 *   and     := not (("&&" | "and") not)*
 *   not     := ("!" | "not") not | compare
 *   compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/" | "%") unary)*
 *   unary   := "-" unary | postfix
 *   postfix := primary ("." name | "[" expr "]")*
 *   primary := number | string | true | false | null | name | name "(" args ")" | "(" expr ")" | "[" items "]"
 */
import { AppError } from '../../../core/errors.js';

/** Expression AST. */
export type ExprNode =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'var'; name: string }
  | { t: 'member'; obj: ExprNode; key: ExprNode }
  | { t: 'call'; fn: string; args: ExprNode[] }
  | { t: 'unary'; op: '!' | '-'; x: ExprNode }
  | { t: 'bin'; op: BinaryOp; a: ExprNode; b: ExprNode }
  | { t: 'list'; items: ExprNode[] };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | '+' | '-' | '*' | '/' | '%';

/** Names an expression may start from. */
export const ROOT_NAMES: readonly string[] = ['args', 'principal', 'environment', 'operation', 'effects', 'face', 'production'];
/** Functions an expression may call. */
export const FUNCTION_NAMES: readonly string[] = ['len', 'lower', 'upper', 'startsWith', 'endsWith', 'contains', 'glob', 'exists'];

export const MAX_SOURCE_CHARS = 4_096;
const MAX_TOKENS = 1_024;
const MAX_DEPTH = 32;
const MAX_STRING_CHARS = 1_024;

type Token =
  | { k: 'num'; v: number; at: number }
  | { k: 'str'; v: string; at: number }
  | { k: 'name'; v: string; at: number }
  | { k: 'op'; v: string; at: number }
  | { k: 'eof'; at: number };

const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', '.', ','];

const fail = (message: string, at: number): never => {
  throw new AppError('E_VALIDATION', `Invalid condition at character ${at + 1}: ${message}`);
};

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (tokens.length >= MAX_TOKENS) fail(`more than ${MAX_TOKENS} tokens`, i);
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let out = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          const next = source[j + 1];
          if (next === undefined) break;
          out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else out += source[j++];
        if (out.length > MAX_STRING_CHARS) fail(`a string longer than ${MAX_STRING_CHARS} characters`, i);
      }
      if (j >= source.length) fail('unterminated string', i);
      tokens.push({ k: 'str', v: out, at: i });
      i = j + 1;
      continue;
    }
    if (c >= '0' && c <= '9') {
      const m = /^\d+(\.\d+)?/.exec(source.slice(i, i + 32)) as RegExpExecArray;
      tokens.push({ k: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 128)) as RegExpExecArray;
      tokens.push({ k: 'name', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) fail(`unexpected character ${JSON.stringify(c)}`, i);
    tokens.push({ k: 'op', v: op as string, at: i });
    i += (op as string).length;
  }
  tokens.push({ k: 'eof', at: source.length });
  return tokens;
}

/**
 * Parse a condition into an AST; throws E_VALIDATION naming the position of the first problem.
 * @example parseExpression('args.replicas == 0 && environment == "production"')
 */
export function parseExpression(source: string): ExprNode {
  if (source.length > MAX_SOURCE_CHARS) fail(`the condition is longer than ${MAX_SOURCE_CHARS} characters`, MAX_SOURCE_CHARS);
  const tokens = tokenize(source);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos] as Token;
  const isOp = (v: string) => peek().k === 'op' && (peek() as { v: string }).v === v;
  const isWord = (v: string) => peek().k === 'name' && (peek() as { v: string }).v === v;
  const expect = (v: string) => {
    if (!isOp(v)) fail(`expected "${v}"`, peek().at);
    pos++;
  };
  const nested = <T>(fn: () => T): T => {
    if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`, peek().at);
    try {
      return fn();
    } finally {
      depth--;
    }
  };

  const or = (): ExprNode =>
    nested(() => {
      let a = and();
      while (isOp('||') || isWord('or')) {
        pos++;
        a = { t: 'bin', op: '||', a, b: and() };
      }
      return a;
    });
  const and = (): ExprNode => {
    let a = not();
    while (isOp('&&') || isWord('and')) {
      pos++;
      a = { t: 'bin', op: '&&', a, b: not() };
    }
    return a;
  };
  const not = (): ExprNode => {
    if (isOp('!') || isWord('not')) {
      pos++;
      return nested(() => ({ t: 'unary', op: '!', x: not() }));
    }
    return compare();
  };
  const compare = (): ExprNode => {
    const a = sum();
    const t = peek();
    if (t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      pos++;
      return { t: 'bin', op: t.v as BinaryOp, a, b: sum() };
    }
    if (isWord('in')) {
      pos++;
      return { t: 'bin', op: 'in', a, b: sum() };
    }
    if (isWord('not') && tokens[pos + 1]?.k === 'name' && (tokens[pos + 1] as { v: string }).v === 'in') {
      pos += 2;
      return { t: 'bin', op: 'not in', a, b: sum() };
    }
    return a;
  };
  const sum = (): ExprNode => {
    let a = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: string }).v as BinaryOp;
      a = { t: 'bin', op, a, b: product() };
    }
    return a;
  };
  const product = (): ExprNode => {
    let a = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (tokens[pos++] as { v: string }).v as BinaryOp;
      a = { t: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): ExprNode => {
    if (isOp('-')) {
      pos++;
      return nested(() => ({ t: 'unary', op: '-', x: unary() }));
    }
    return postfix();
  };
  const postfix = (): ExprNode => {
    let node = primary();
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t.k !== 'name') fail('expected a property name after "."', t.at);
        pos++;
        node = { t: 'member', obj: node, key: { t: 'lit', v: (t as { v: string }).v } };
      } else if (isOp('[')) {
        pos++;
        const key = or();
        expect(']');
        node = { t: 'member', obj: node, key };
      } else return node;
    }
  };
  const primary = (): ExprNode => {
    const t = peek();
    if (t.k === 'num' || t.k === 'str') {
      pos++;
      return { t: 'lit', v: t.v };
    }
    if (t.k === 'op' && t.v === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.k === 'op' && t.v === '[') {
      pos++;
      const items: ExprNode[] = [];
      while (!isOp(']')) {
        items.push(or());
        if (!isOp(']')) expect(',');
      }
      pos++;
      return { t: 'list', items };
    }
    if (t.k === 'name') {
      pos++;
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (isOp('(')) {
        if (!FUNCTION_NAMES.includes(t.v)) fail(`unknown function "${t.v}"; known: ${FUNCTION_NAMES.join(', ')}`, t.at);
        pos++;
        const args: ExprNode[] = [];
        while (!isOp(')')) {
          args.push(or());
          if (!isOp(')')) expect(',');
        }
        pos++;
        return { t: 'call', fn: t.v, args };
      }
      if (!ROOT_NAMES.includes(t.v)) fail(`unknown name "${t.v}"; conditions start from ${ROOT_NAMES.join(', ')}`, t.at);
      return { t: 'var', name: t.v };
    }
    return fail(t.k === 'eof' ? 'unexpected end of the condition' : 'unexpected token', t.at);
  };

  const node = or();
  if (peek().k !== 'eof') fail('unexpected text after the condition', peek().at);
  return node;
}
