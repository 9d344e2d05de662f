/**
 * One entry point for every report format, so faces stay thin: json, md, html, sarif.
 */
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSarif } from './render-sarif.js';
import type { ScanReport } from './report-schema.js';

/** Output formats of a report. */
export const REPORT_FORMATS = ['json', 'md', 'sarif', 'html'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Render `report` in `format` as text. */
export function renderReport(report: ScanReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'sarif':
      return `${JSON.stringify(renderSarif(report), null, 2)}\n`;
  }
}
