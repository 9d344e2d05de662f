/**
 * Offline verification of an unfiltered NDJSON export or a prune archive: the same walk as `verify`, starting from
 * the first record's prev_hash (its anchor cannot be checked without the database, so it is reported instead).
 */
import { AppError } from '../../core/errors.js';
import { auditRecordSchema, fromAuditRecord } from './audit-record.js';
import { type ChainWalkResult, type VerifiableRow, walkChain } from './verify-chain.js';

/** The walk result plus the hash the file starts from (genesis, or the anchor of an earlier prune). */
export interface ExportVerifyResult extends ChainWalkResult {
  startHash: string | null;
}

/**
 * Verify NDJSON lines (blank lines are skipped). Throws E_VALIDATION naming the line of a malformed record.
 * @example await verifyAuditExport(readline.createInterface({ input: createReadStream(file) }), { hmacKey })
 */
export async function verifyAuditExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { hmacKey?: string | undefined } = {},
): Promise<ExportVerifyResult> {
  let startHash: string | null = null;
  async function* rows(): AsyncGenerator<VerifiableRow> {
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new AppError('E_VALIDATION', `Line ${n} is not JSON.`);
      }
      const parsed = auditRecordSchema.safeParse(json);
      if (!parsed.success) throw new AppError('E_VALIDATION', `Line ${n} is not an audit record: ${parsed.error.issues[0]?.message}.`);
      startHash ??= parsed.data.prevHash;
      yield fromAuditRecord(parsed.data);
    }
  }
  const iterator = rows();
  // Peek the first row so the walk starts from the file's own anchor.
  const first = await iterator.next();
  if (first.done) return { checked: 0, head: null, firstBad: null, lastPrune: null, startHash: null };
  async function* all(): AsyncGenerator<VerifiableRow> {
    yield first.value as VerifiableRow;
    yield* iterator;
  }
  const result = await walkChain(all(), { startHash: startHash ?? undefined, hmacKey: options.hmacKey });
  return { ...result, startHash };
}
