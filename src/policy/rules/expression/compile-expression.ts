/**
 * Compile a parsed condition into a closure over a call's scope. Evaluation never throws and never reaches a
 * prototype: member access reads only own properties of plain objects and indexes of arrays, so
 * `args.__proto__`, `args.constructor` and friends are null. Type mismatches yield null (comparisons: false).
 */
import { globMatch } from '../../glob-match.js';
import { type BinaryOp, type ExprNode, parseExpression } from './parse-expression.js';

/** What a condition sees of a call. */
export interface ExprScope {
  args: Record<string, unknown>;
  principal: { id: string; name: string; type: string; roles: readonly string[] };
  environment: string;
  operation: string;
  effects: string;
  face: string;
  production: boolean;
}

type Value = unknown;
type Fn = (scope: ExprScope) => Value;

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Own property or array index, else null; never inherited members. */
export function safeGet(obj: Value, key: Value): Value {
  if (Array.isArray(obj)) {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < obj.length ? obj[key] : null;
  }
  if (obj === null || typeof obj !== 'object' || typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) return null;
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return null;
  return Object.hasOwn(obj, key) ? ((obj as Record<string, unknown>)[key] ?? null) : null;
}

/** JavaScript truthiness, for the values a condition can hold. */
export const truthy = (v: Value): boolean => Boolean(v) && !(typeof v === 'number' && Number.isNaN(v));

const isNil = (v: Value) => v === null || v === undefined;

function equals(a: Value, b: Value): boolean {
  if (isNil(a) && isNil(b)) return true;
  return a === b;
}

function ordered(op: BinaryOp, a: Value, b: Value): boolean {
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function member(a: Value, b: Value): boolean {
  if (Array.isArray(b)) return b.some((item) => equals(a, item));
  if (typeof b === 'string' && typeof a === 'string') return b.includes(a);
  if (typeof a === 'string' && b !== null && typeof b === 'object') return safeGet(b, a) !== null;
  return false;
}

function arithmetic(op: BinaryOp, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const r = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
  return Number.isFinite(r) ? r : null;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  len: ([x]) => (typeof x === 'string' || Array.isArray(x) ? x.length : x !== null && typeof x === 'object' ? Object.keys(x).length : null),
  lower: ([s]) => (typeof s === 'string' ? s.toLowerCase() : null),
  upper: ([s]) => (typeof s === 'string' ? s.toUpperCase() : null),
  startsWith: ([s, p]) => typeof s === 'string' && typeof p === 'string' && s.startsWith(p),
  endsWith: ([s, p]) => typeof s === 'string' && typeof p === 'string' && s.endsWith(p),
  contains: ([h, n]) => (Array.isArray(h) ? h.some((i) => equals(i, n)) : typeof h === 'string' && typeof n === 'string' && h.includes(n)),
  glob: ([s, p]) => {
    if (typeof p !== 'string') return false;
    if (Array.isArray(s)) return s.some((i) => typeof i === 'string' && globMatch(p, i));
    return typeof s === 'string' && globMatch(p, s);
  },
  exists: ([x]) => !isNil(x),
};

function compileNode(node: ExprNode): Fn {
  switch (node.t) {
    case 'lit': {
      const v = node.v;
      return () => v;
    }
    case 'var': {
      const name = node.name as keyof ExprScope;
      return (s) => s[name];
    }
    case 'list': {
      const items = node.items.map(compileNode);
      return (s) => items.map((f) => f(s));
    }
    case 'member': {
      const obj = compileNode(node.obj);
      const key = compileNode(node.key);
      return (s) => safeGet(obj(s), key(s));
    }
    case 'call': {
      const fn = FUNCTIONS[node.fn] as (args: Value[]) => Value;
      const args = node.args.map(compileNode);
      return (s) => fn(args.map((f) => f(s)));
    }
    case 'unary': {
      const x = compileNode(node.x);
      if (node.op === '!') return (s) => !truthy(x(s));
      return (s) => {
        const v = x(s);
        return typeof v === 'number' ? -v : null;
      };
    }
    case 'bin':
      return compileBinary(node.op, compileNode(node.a), compileNode(node.b));
  }
}

function compileBinary(op: BinaryOp, a: Fn, b: Fn): Fn {
  switch (op) {
    case '||':
      return (s) => truthy(a(s)) || truthy(b(s));
    case '&&':
      return (s) => truthy(a(s)) && truthy(b(s));
    case '==':
      return (s) => equals(a(s), b(s));
    case '!=':
      return (s) => !equals(a(s), b(s));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (s) => ordered(op, a(s), b(s));
    case 'in':
      return (s) => member(a(s), b(s));
    case 'not in':
      return (s) => !member(a(s), b(s));
    default:
      return (s) => arithmetic(op, a(s), b(s));
  }
}

/** A compiled condition: true when the call matches. */
export type Condition = (scope: ExprScope) => boolean;

/**
 * Parse and compile a condition (throws E_VALIDATION on a bad one).
 * @example const when = compileCondition('args.replicas < 2'); when(scope) // boolean
 */
export function compileCondition(source: string): Condition {
  const fn = compileNode(parseExpression(source));
  return (scope) => truthy(fn(scope));
}
