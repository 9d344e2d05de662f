/**
 * Minimal globs for names and paths: `*` matches any run of characters, `?` exactly one; everything else is literal.
 */

const cache = new Map<string, RegExp>();

/** Compile a glob to an anchored RegExp (cached). */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    if (cache.size < 1000) cache.set(glob, re);
  }
  return re;
}

/** True when `value` matches at least one glob. */
export function matchesAny(value: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(value));
}
