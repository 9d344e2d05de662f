/**
 * Redaction throughput on a log-line corpus, in MB/s, vs JSON.stringify of the same lines (the serialization every
 * log line pays anyway).
 */
import { redact, redactString } from '../src/security/redact.js';
import type { BenchReport } from './lib.js';

/** A deterministic corpus: mostly ordinary request/operation lines, about one in twenty carrying a secret. */
function corpus(count: number): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const base = {
      level: 'info',
      time: '2026-01-01T00:00:00.000Z',
      service: 'code-engine',
      requestId: `req-${i.toString(36).padStart(8, '0')}`,
    };
    switch (i % 20) {
      case 0:
        lines.push({ ...base, msg: `calling provider with Authorization: Bearer sk-ant-api03-${'x'.repeat(40)}${i}` });
        break;
      case 1:
        lines.push({
          ...base,
          req: { method: 'GET', url: `/api/tools?page=${i}&access_token=abc${i}def123456`, remoteAddress: '10.0.0.1' },
        });
        break;
      case 2:
        lines.push({
          ...base,
          err: { type: 'AppError', message: `postgres://app:pw${i}secret@db:5432/app refused`, code: 'E_UNAVAILABLE' },
        });
        break;
      case 3:
        lines.push({
          ...base,
          tool: 'kubernetes_list_pods',
          args: { namespace: 'default', labelSelector: `app=web-${i}` },
          durationMs: i % 97,
        });
        break;
      default:
        lines.push({
          ...base,
          req: { method: 'POST', url: `/api/mcp/execute`, remoteAddress: '127.0.0.1' },
          res: { statusCode: 200 },
          responseTime: (i % 50) + 0.5,
          msg: `request completed for deployment ${i.toString(16)} in namespace production`,
        });
    }
  }
  return lines;
}

function mbPerSecond(fn: () => number, minMs = 1500): number {
  fn(); // warm-up
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) bytes += fn();
  return bytes / 1e6 / ((performance.now() - start) / 1000);
}

export default async function redactionBench(): Promise<BenchReport> {
  const objects = corpus(5_000);
  const text = objects.map((o) => JSON.stringify(o));
  const size = text.reduce((n, l) => n + l.length, 0);
  const stringify = mbPerSecond(() => {
    let n = 0;
    for (const o of objects) n += JSON.stringify(o).length;
    return n;
  });
  const strings = mbPerSecond(() => {
    for (const line of text) redactString(line);
    return size;
  });
  const objectsThenStringify = mbPerSecond(() => {
    let n = 0;
    for (const o of objects) n += JSON.stringify(redact(o)).length;
    return n;
  });
  const leaked = text.map(redactString).filter((l) => /sk-ant-api03-x|pw\d+secret|access_token=abc/.test(l)).length;
  return {
    title: 'Redaction throughput on log lines',
    baseline: { name: 'JSON.stringify of the lines', value: stringify, unit: 'MB/s', higherIsBetter: true },
    candidates: [
      { name: 'redactString over serialized lines', value: strings, unit: 'MB/s', higherIsBetter: true },
      { name: 'redact(object) + JSON.stringify (what the logger does)', value: objectsThenStringify, unit: 'MB/s', higherIsBetter: true },
    ],
    goal: { text: '≥ 0.1× JSON.stringify, no secret left', check: (ratio) => ratio >= 0.1 && leaked === 0 },
    notes: [`${objects.length} lines, ${(size / 1e6).toFixed(2)} MB, 15 % carry a secret; secrets left after redaction: ${leaked}`],
  };
}
