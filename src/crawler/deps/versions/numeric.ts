/**
 * Exact comparison of non-negative integers written as digit strings, of any length (no Number overflow:
 * date-like segments such as 20240101123456 and longer build numbers stay exact).
 */

/** Compare two digit strings numerically; leading zeros are ignored. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
