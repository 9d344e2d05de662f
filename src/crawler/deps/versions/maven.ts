/**
 * Maven version ordering, after Maven's ComparableVersion: versions are split into int, qualifier and
 * sub-list items on ".", "-" and digit/letter transitions; trailing "null" items (0, "", final, ga, release)
 * are dropped; known qualifiers order alpha < beta < milestone < rc = cr < snapshot < (release) < sp,
 * and unknown qualifiers sort after sp, alphabetically.
 */
import { compareDigits } from './numeric.js';

type Item = { kind: 'int'; value: string } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'str', value: ALIASES[v] ?? v };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'int', value: text.replace(/^0+(?=\d)/, '') } : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === '0';
  if (item.kind === 'str') return comparableQualifier(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as Item;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

/** Parse a Maven version into ComparableVersion's item tree. */
function parse(version: string): Item[] {
  const text = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const pushList = () => {
    const sub: Item[] = [];
    list.push({ kind: 'list', items: sub });
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', value: '0' } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') pushList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        pushList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        pushList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(parseItem(isDigit, text.slice(start)));
  while (stack.length > 0) normalize(stack.pop() as Item[]);
  return root;
}

/** Compare `a` with `b`, where `b` may be absent (ComparableVersion's `compareTo(null)`). */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === 'int') {
    if (!b) return a.value === '0' ? 0 : 1;
    if (b.kind === 'int') return compareDigits(a.value, b.value);
    return 1;
  }
  if (a.kind === 'str') {
    const qa = comparableQualifier(a.value);
    if (!b) return qa < RELEASE_INDEX ? -1 : qa > RELEASE_INDEX ? 1 : 0;
    if (b.kind === 'int' || b.kind === 'list') return -1;
    const qb = comparableQualifier(b.value);
    return qa < qb ? -1 : qa > qb ? 1 : 0;
  }
  if (!b) return a.items.length === 0 ? 0 : compareItem(a.items[0] as Item, undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'str') return 1;
  return compareLists(a.items, b.items);
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i];
    const r = b[i];
    const c = l ? compareItem(l, r) : r ? -compareItem(r, undefined) : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Order two Maven versions.
 * @example compareMaven('1.0-alpha-1', '1.0') // < 0; compareMaven('1.0-sp1', '1.0') // > 0
 */
export function compareMaven(a: string, b: string): number {
  return Math.sign(compareLists(parse(a.trim()), parse(b.trim())));
}
