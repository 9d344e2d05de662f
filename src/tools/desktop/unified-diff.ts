/**
 * A unified diff of two texts (what desktop_edit_file shows before and after it writes): common prefix and suffix
 * lines are trimmed, the middle is diffed with Myers' O(ND) algorithm, and hunks carry three lines of context.
 */

/** Edit distance above which the middle is shown as one replaced block instead of a minimal diff. */
const MAX_EDIT_DISTANCE = 1_000;
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/**
 * `--- a/<label>` / `+++ b/<label>` and `@@` hunks; empty when the texts are equal.
 * @example unifiedDiff('a\nb\n', 'a\nc\n', 'notes.txt')
 */
export function unifiedDiff(before: string, after: string, label: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // Only the context next to the changed middle matters; the rest of the common lines never reach a hunk.
  const lead = Math.max(0, start - CONTEXT);
  const ops: Op[] = [
    ...a.slice(lead, start).map((line) => ({ kind: ' ' as const, line })),
    ...middle(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA, endA + CONTEXT).map((line) => ({ kind: ' ' as const, line })),
  ];
  return [`--- a/${label}`, `+++ b/${label}`, ...hunks(ops, lead + 1)].join('\n');
}

/** Lines without their terminators; a final line without newline is marked like diff(1) does. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

function middle(a: string[], b: string[]): Op[] {
  if (a.length === 0) return b.map((line) => ({ kind: '+', line }));
  if (b.length === 0) return a.map((line) => ({ kind: '-', line }));
  return myers(a, b) ?? [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
}

/** Myers' greedy diff; undefined when the edit distance passes MAX_EDIT_DISTANCE. */
function myers(a: string[], b: string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return ops.reverse();
}

/** Hunks of `ops`, whose first line is line `firstLine` of both texts. */
function hunks(ops: Op[], firstLine: number): string[] {
  const out: string[] = [];
  let i = 0;
  let lineA = firstLine;
  let lineB = firstLine;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      lineA++;
      lineB++;
      continue;
    }
    // A change at i: open a hunk with up to CONTEXT lines before, extend while changes are close together.
    const from = Math.max(0, i - CONTEXT);
    let to = i;
    let quiet = 0;
    for (let j = i; j < ops.length; j++) {
      if (ops[j]!.kind === ' ') {
        if (++quiet > 2 * CONTEXT) break;
      } else {
        quiet = 0;
        to = j;
      }
    }
    const end = Math.min(ops.length, to + 1 + CONTEXT);
    const startA = lineA - (i - from);
    const startB = lineB - (i - from);
    const body = ops.slice(from, end);
    const countA = body.filter((o) => o.kind !== '+').length;
    const countB = body.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${range(startA, countA)} +${range(startB, countB)} @@`, ...body.map((o) => `${o.kind}${o.line}`));
    for (let j = i; j < end; j++) {
      if (ops[j]!.kind !== '+') lineA++;
      if (ops[j]!.kind !== '-') lineB++;
    }
    i = end;
  }
  return out;
}

const range = (start: number, count: number) => (count === 0 ? `${start - 1},0` : count === 1 ? `${start}` : `${start},${count}`);
