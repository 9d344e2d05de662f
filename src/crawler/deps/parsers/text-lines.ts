/**
 * Line numbers for parsers that read structured files (JSON, YAML, TOML) whose parsers do not report
 * positions: find where a key or name first appears in the text.
 */

/** Maps offsets to 1-based lines with a binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based line of the first occurrence of `needle` at or after `from`, or undefined. */
  find(needle: string, from = 0): number | undefined {
    const at = this.text.indexOf(needle, from);
    return at === -1 ? undefined : this.lineAt(at);
  }

  /** Offset of the first occurrence of `needle` at or after `from` (−1 when absent). */
  offsetOf(needle: string, from = 0): number {
    return this.text.indexOf(needle, from);
  }
}
