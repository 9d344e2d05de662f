/**
 * Globs for policy data (`*` any run, `?` one character, everything else literal), matched without regular
 * expressions: rule authors reach this through the API, and a regex built from `*a*a*a*b` can backtrack for long.
 * The two-pointer algorithm below is O(pattern × value) in the worst case and linear in practice.
 */

/** True when `value` matches the glob `pattern`. */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === value.charCodeAt(v))) {
      p++;
      v++;
    } else if (p < pattern.length && c === 42 /* * */) {
      starP = p++;
      starV = v;
    } else if (starP !== -1) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** True when `value` matches at least one glob. */
export function globAny(patterns: readonly string[], value: string): boolean {
  for (const pattern of patterns) if (globMatch(pattern, value)) return true;
  return false;
}
