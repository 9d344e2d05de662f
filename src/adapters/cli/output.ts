/**
 * Where the CLI writes, and how it renders tables: injected so tests capture output.
 */

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** Is stdout a terminal (pretty tables) or a pipe (plain/JSON)? */
  isTty: boolean;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTty: process.stdout.isTTY === true,
};

/** A plain aligned text table; columns sized to content, cells stripped of newlines. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v)).replace(/\s*\n\s*/g, ' ');
  const body = rows.map((r) => r.map(cell));
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
