/**
 * Canonical JSON for hashing: object keys sorted by UTF-16 code units, no whitespace, the same output for the
 * same data whatever the key order it was built with (the RFC 8785 ordering; numbers as ECMAScript prints them).
 */

/**
 * Serialize `value` canonically. `undefined` properties are dropped (as JSON.stringify does), `toJSON` is honoured
 * (Dates become ISO strings), bigints become decimal strings, non-finite numbers become null.
 * @example canonicalJson({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

function write(value: unknown, stack: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return write(obj.toJSON(), stack);
  // A cycle cannot be serialized; failing loudly beats a silently different hash.
  if (stack.has(obj)) throw new TypeError('canonicalJson: cyclic structure');
  stack.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((item) => write(item, stack) ?? 'null').join(',')}]`;
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const item = write(obj[key], stack);
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.delete(obj);
  }
}
