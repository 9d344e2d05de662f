/**
 * Package names as lookup keys: the same package may be spelled differently in a manifest and an advisory
 * (PyPI "Django" vs "django", "zope.interface" vs "zope-interface"; crates "serde_json" in any case).
 */

/**
 * The normalised name of a package of `ecosystem`: PEP 503 for PyPI, lower case for crates.io, unchanged
 * elsewhere (npm, Go, Maven and RubyGems names are compared exactly).
 * @example normalizePackageName('PyPI', 'Zope.Interface') // 'zope-interface'
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const n = name.trim();
  if (ecosystem === 'PyPI') return n.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'crates.io') return n.toLowerCase();
  return n;
}
