/**
 * Self-contained HTML rendering of a scan report: inline CSS and an inline SVG language chart, no scripts
 * and no CDN, so it opens offline and under a strict Content-Security-Policy.
 */
import type { ScanReport } from './report-schema.js';

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A horizontal bar chart of code lines per language (top 10), as an inline SVG element. */
export function languageChartSvg(languages: ScanReport['languages']): string {
  const top = languages.filter((l) => l.code > 0).slice(0, 10);
  const max = Math.max(1, ...top.map((l) => l.code));
  const rowHeight = 22;
  const height = top.length * rowHeight + 10;
  const bars = top
    .map((l, i) => {
      const width = Math.max(1, Math.round((l.code / max) * 360));
      const y = 5 + i * rowHeight;
      return `<text x="135" y="${y + 14}" text-anchor="end">${escapeHtml(l.name)}</text><rect x="140" y="${y}" width="${width}" height="16" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(l.name)}: ${l.code} code lines</title></rect><text x="${145 + width}" y="${y + 14}">${l.code.toLocaleString('en-US')}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Code lines per language" width="600" height="${height}" viewBox="0 0 600 ${height}" font-family="sans-serif" font-size="12">${bars}</svg>`;
}

const rows = (cells: unknown[][]) =>
  cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c ?? ''))}</td>`).join('')}</tr>`).join('');
const table = (headers: string[], cells: unknown[][]) =>
  cells.length === 0
    ? '<p><em>None.</em></p>'
    : `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows(cells)}</tbody></table>`;

/** Render `report` as one HTML document. */
export function renderHtml(report: ScanReport): string {
  const t = report.totals;
  const body = [
    `<h1>Code scan of <code>${escapeHtml(report.root)}</code></h1>`,
    `<p>${t.files} files (${t.cachedFiles} from cache, ${t.skipped} skipped) · ${t.lines} lines (${t.code} code, ${t.comment} comments, ${t.blank} blank) · ${t.functions} functions · ${report.findings.length} findings · ${(report.durationMs / 1000).toFixed(1)} s</p>`,
    '<h2>Languages</h2>',
    languageChartSvg(report.languages),
    table(
      ['Language', 'Files', 'Code', 'Comments', 'Blank'],
      report.languages.map((l) => [l.name, l.files, l.code, l.comment, l.blank]),
    ),
    `<h2>Findings (${report.findings.length})</h2>`,
    table(
      ['Severity', 'Rule', 'Location', 'Message'],
      report.findings.slice(0, 500).map((f) => [f.severity, f.ruleId, `${f.file}:${f.startLine}`, f.message]),
    ),
    '<h2>Most complex functions</h2>',
    table(
      ['Complexity', 'Function', 'Location'],
      report.complexity.top.map((f) => [f.complexity, f.name, `${f.file}:${f.startLine}-${f.endLine}`]),
    ),
    '<h2>Hotspots</h2>',
    table(
      ['Score', 'File', 'Commits', 'Churn', 'Complexity'],
      report.hotspots.map((h) => [h.score, h.file, h.commits, h.churn, h.complexity]),
    ),
    `<h2>Near-duplicates (${report.duplicates.length})</h2>`,
    table(
      ['Kind', 'Similarity', 'Members'],
      report.duplicates.slice(0, 50).map((d) => [d.kind, d.similarity, d.members.map((m) => `${m.file}:${m.startLine}`).join(', ')]),
    ),
    `<h2>Dependencies (${report.dependencies.length})</h2>`,
    table(
      ['Ecosystem', 'Name', 'Version', 'File'],
      report.dependencies.slice(0, 500).map((d) => [d.ecosystem, d.name, d.version ?? d.spec ?? '', d.file]),
    ),
    `<h2>Warnings (${report.warnings.total})</h2>`,
    table(
      ['Reason', 'Path', 'Detail'],
      report.warnings.items.slice(0, 500).map((w) => [w.reason, w.path, w.detail ?? '']),
    ),
  ].join('\n');
  const css =
    'body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Code scan report</title><style>${css}</style></head><body>\n${body}\n</body></html>\n`;
}
