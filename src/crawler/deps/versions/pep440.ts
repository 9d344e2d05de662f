/**
 * PEP 440 versions (PyPI): parse, normalise and order, with epochs, pre/post/dev releases and local versions.
 * Follows the specification's normalisation rules and the sort key used by `packaging.version`.
 */
import { compareDigits } from './numeric.js';

/** A parsed PEP 440 version. Numbers are kept as digit strings (no leading zeros) so any size compares exactly. */
export interface Pep440Version {
  epoch: string;
  release: string[];
  pre: { label: 'a' | 'b' | 'rc'; number: string } | undefined;
  post: string | undefined;
  dev: string | undefined;
  /** Local segments: digit runs stay strings of digits, others lower-case letters/digits. */
  local: string[] | undefined;
}

// The regex of the PEP 440 appendix ("VERSION_PATTERN"), anchored, case-insensitive.
const PATTERN =
  /^\s*v?(?:(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const strip = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

function preLabel(raw: string): 'a' | 'b' | 'rc' {
  const l = raw.toLowerCase();
  if (l === 'a' || l === 'alpha') return 'a';
  if (l === 'b' || l === 'beta') return 'b';
  return 'rc';
}

/** Parse a PEP 440 version; undefined when `text` is not one (e.g. "1.0-foo"). */
export function parsePep440(text: string): Pep440Version | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  return {
    epoch: strip(epoch ?? '0'),
    release: (release as string).split('.').map(strip),
    pre: preL ? { label: preLabel(preL), number: strip(preN ?? '0') } : undefined,
    post: postImplicit !== undefined ? strip(postImplicit) : postL ? strip(postN ?? '0') : undefined,
    dev: devL ? strip(devN ?? '0') : undefined,
    local: local
      ?.toLowerCase()
      .split(/[-_.]/)
      .map((s) => (/^\d+$/.test(s) ? strip(s) : s)),
  };
}

/** The normalised form of a version, e.g. "1.0.0-ALPHA1" → "1.0.0a1", "v1!2.post" → "1!2.post0". */
export function normalizePep440(text: string): string | undefined {
  const v = parsePep440(text);
  if (!v) return undefined;
  let out = v.epoch !== '0' ? `${v.epoch}!` : '';
  out += v.release.join('.');
  if (v.pre) out += `${v.pre.label}${v.pre.number}`;
  if (v.post !== undefined) out += `.post${v.post}`;
  if (v.dev !== undefined) out += `.dev${v.dev}`;
  if (v.local) out += `+${v.local.join('.')}`;
  return out;
}

/** Release segments without trailing zeros: 1.0.0 and 1 are equal. */
function trimmedRelease(release: readonly string[]): string[] {
  let end = release.length;
  while (end > 1 && release[end - 1] === '0') end--;
  return release.slice(0, end);
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const x = trimmedRelease(a);
  const y = trimmedRelease(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c = compareDigits(x[i] ?? '0', y[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/**
 * Pre-release position: a dev release of the final version (1.0.dev1, no pre/post) sorts before every pre-release;
 * a final or post release sorts after them.
 */
function comparePre(a: Pep440Version, b: Pep440Version): number {
  const rank = (v: Pep440Version): [number, string] => {
    if (v.pre) return [PRE_RANK[v.pre.label], v.pre.number];
    if (v.post === undefined && v.dev !== undefined) return [-1, '0'];
    return [3, '0'];
  };
  const [ra, na] = rank(a);
  const [rb, nb] = rank(b);
  return ra !== rb ? Math.sign(ra - rb) : compareDigits(na, nb);
}

/** No post release sorts before any post release. */
function compareOptionalLow(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return compareDigits(a, b);
}

/** No dev release sorts after any dev release (1.0 > 1.0.dev5). */
function compareDev(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compareDigits(a, b);
}

/** Local versions: none < any; numeric segments > alphanumeric ones; a longer local wins when one is a prefix. */
function compareLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a && !b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (xNum !== yNum) return xNum ? 1 : -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Order two parsed versions: negative, zero or positive. */
export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptionalLow(a.post, b.post) ||
    compareDev(a.dev, b.dev) ||
    compareLocal(a.local, b.local)
  );
}

/**
 * Order two PEP 440 version strings. Invalid versions sort before valid ones (and among themselves as text),
 * as pip's legacy ordering did, so a bad string never matches a range by accident.
 * @example comparePep440('1.0rc1', '1.0') // < 0
 */
export function comparePep440(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (x && y) return comparePep440Parsed(x, y);
  if (!x && !y) return a < b ? -1 : a > b ? 1 : 0;
  return x ? 1 : -1;
}

/** True when the version is a pre-release or dev release (PEP 440 excludes them from ranges by default). */
export function isPep440Prerelease(text: string): boolean {
  const v = parsePep440(text);
  return !!v && (v.pre !== undefined || v.dev !== undefined);
}
