/**
 * A stored snapshot's report in one format, optionally limited to findings at or above a severity. Shared by
 * crawler_report and security_report.
 */
import type { CrawlerService } from '../../crawler/crawler-service.js';
import { type Severity, severityAtLeast } from '../../crawler/findings.js';
import { type ReportFormat, renderReport } from '../../crawler/report/render-report.js';
import { REPORT_MEDIA_TYPES } from './schemas.js';

/** A rendered report of a stored snapshot. */
export interface StoredReport {
  snapshotId: string;
  format: ReportFormat;
  mediaType: string;
  findings: number;
  content: string;
}

/**
 * Render snapshot `snapshotId` (E_NOT_FOUND naming recent snapshots when unknown).
 * @example await renderStoredReport(crawler, id, 'sarif', 'medium')
 */
export async function renderStoredReport(
  crawler: Pick<CrawlerService, 'show'>,
  snapshotId: string,
  format: ReportFormat,
  minSeverity?: Severity,
): Promise<StoredReport> {
  const report = await crawler.show(snapshotId);
  const findings = minSeverity ? report.findings.filter((f) => severityAtLeast(f.severity, minSeverity)) : report.findings;
  return {
    snapshotId,
    format,
    mediaType: REPORT_MEDIA_TYPES[format],
    findings: findings.length,
    content: renderReport({ ...report, findings }, format),
  };
}
