import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('unified diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x')).toBe('');
  });

  it('shows one changed line with three lines of context', () => {
    const before = numbered(10);
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff(before, after, 'f.txt')).toBe(
      [
        '--- a/f.txt',
        '+++ b/f.txt',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
      ].join('\n'),
    );
  });

  it('splits distant changes into separate hunks', () => {
    const before = numbered(40);
    const after = before.replace('line 2\n', 'two\n').replace('line 30\n', 'thirty\n');
    const diff = unifiedDiff(before, after, 'f');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -27,7 +27,7 @@');
  });

  it('numbers pure insertions and deletions like diff(1)', () => {
    expect(unifiedDiff('a\nb\n', 'a\nx\nb\n', 'f')).toContain('@@ -1,2 +1,3 @@\n a\n+x\n b');
    expect(unifiedDiff('a\n', '', 'f')).toContain('@@ -1 +0,0 @@\n-a');
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('a', 'b', 'f')).toContain('-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file');
  });

  it('diffs large files with a small change quickly', () => {
    const before = numbered(200_000);
    const after = before.replace('line 100000\n', 'changed\n');
    const started = performance.now();
    expect(unifiedDiff(before, after, 'big')).toContain('+changed');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('falls back to a replaced block when the texts share nothing', () => {
    const diff = unifiedDiff(numbered(3000), numbered(3000).replaceAll('line', 'row'), 'f');
    expect(diff.split('\n').filter((l) => l.startsWith('-')).length).toBe(3001);
  });
});
