/**
 * The verification algorithm, independent of where rows come from (the database, an export, an archive):
 * walk rows in seq order; each row's prev_hash must equal the previous row's hash (the first row's: the anchor,
 * else genesis), and its hash must equal the recomputed hash of its fields. The first failure is named.
 */
import { type AuditHashInput, GENESIS_HASH, hashAlgorithm, hashAuditRow, sameHash } from './audit-hash.js';

/** Why a row fails verification. */
export type AuditBreakReason =
  /** The row's fields no longer match its hash (edited in place). */
  | 'modified'
  /** The row is not part of the original chain: the row after it links to the row before it. */
  | 'inserted'
  /** The row links to a hash no earlier row has: rows before it were deleted, or the row before it was rewritten. */
  | 'deleted_before'
  /** An unkeyed row appears after keyed rows (someone without the HMAC key wrote it). */
  | 'downgraded'
  /** The row is HMAC-signed but no auth.auditHmacKey is configured to check it. */
  | 'unverifiable'
  /** The stored hash is not in a known format. */
  | 'malformed'
  /** The prune checkpoint does not match the prune event recorded in the chain. */
  | 'anchor_mismatch';

/** The first row that fails, with a sentence saying what is wrong. */
export interface AuditBreak {
  seq: number;
  id: string;
  reason: AuditBreakReason;
  message: string;
}

/** A row as verification needs it. */
export type VerifiableRow = AuditHashInput & { seq: number; hash: string };

/** Result of walking a chain. */
export interface ChainWalkResult {
  checked: number;
  head: { seq: number; id: string; hash: string } | null;
  firstBad: AuditBreak | null;
  /** Details of the last `audit.prune` row seen (for the checkpoint cross-check). */
  lastPrune: { seq: number; details: Record<string, unknown> } | null;
}

/** Rows kept for recognizing an insertion: the next original row links back at most this far. */
const LOOKBACK = 1000;

/**
 * Walk `rows` (ascending seq) from `startHash` and stop at the first bad row.
 * @example const result = await walkChain(readArchive(file), { startHash: GENESIS_HASH, hmacKey })
 */
export async function walkChain(
  rows: AsyncIterable<VerifiableRow> | Iterable<VerifiableRow>,
  options: { startHash?: string; hmacKey?: string | undefined },
): Promise<ChainWalkResult> {
  const startHash = options.startHash ?? GENESIS_HASH;
  let expectedPrev = startHash;
  let prevRow: { seq: number; id: string } | undefined;
  let seenKeyed = false;
  let checked = 0;
  let head: ChainWalkResult['head'] = null;
  let lastPrune: ChainWalkResult['lastPrune'] = null;
  const recent: Array<{ seq: number; id: string; hash: string }> = [];
  const done = (firstBad: AuditBreak | null): ChainWalkResult => ({ checked, head, firstBad, lastPrune });

  for await (const row of rows) {
    const seq = Number(row.seq);
    if (!sameHash(row.prev_hash, expectedPrev)) {
      const back = recent.findIndex((r) => sameHash(r.hash, row.prev_hash));
      const inserted = back >= 0 ? recent[back + 1] : undefined;
      if (inserted) {
        return done({
          seq: inserted.seq,
          id: inserted.id,
          reason: 'inserted',
          message: `Row seq ${inserted.seq} is not part of the original chain: row seq ${seq} links to seq ${recent[back]?.seq}, skipping it.`,
        });
      }
      const where = prevRow
        ? `after seq ${prevRow.seq}`
        : row.prev_hash === GENESIS_HASH
          ? 'at the start'
          : 'at the start (after the anchor)';
      return done({
        seq,
        id: row.id,
        reason: 'deleted_before',
        message: `The chain breaks at row seq ${seq}: its prev_hash matches no earlier row. Rows ${where} were deleted${prevRow ? `, or row seq ${prevRow.seq} was rewritten` : ''}.`,
      });
    }
    const bad = checkHash(row, seq, options.hmacKey, seenKeyed);
    if (bad) return done(bad);
    if (hashAlgorithm(row.hash) === 'hmac-sha256') seenKeyed = true;
    if (row.action === 'audit.prune') lastPrune = { seq, details: parseDetails(row.details) };
    checked++;
    head = { seq, id: row.id, hash: row.hash };
    prevRow = { seq, id: row.id };
    expectedPrev = row.hash;
    recent.push(head);
    if (recent.length > LOOKBACK) recent.shift();
  }
  return done(null);
}

function checkHash(row: VerifiableRow, seq: number, hmacKey: string | undefined, seenKeyed: boolean): AuditBreak | null {
  const algorithm = hashAlgorithm(row.hash);
  const at = { seq, id: row.id };
  if (!algorithm) return { ...at, reason: 'malformed', message: `Row seq ${seq} has a hash in an unknown format.` };
  if (algorithm === 'hmac-sha256' && !hmacKey) {
    return { ...at, reason: 'unverifiable', message: `Row seq ${seq} is HMAC-signed; set auth.auditHmacKey to verify it.` };
  }
  if (algorithm === 'sha256' && seenKeyed) {
    return {
      ...at,
      reason: 'downgraded',
      message: `Row seq ${seq} is unkeyed but follows HMAC-signed rows: it was not written by code-engine.`,
    };
  }
  const expected = hashAuditRow(row, algorithm === 'hmac-sha256' ? hmacKey : undefined);
  if (!sameHash(expected, row.hash)) {
    return { ...at, reason: 'modified', message: `Row seq ${seq} was modified: its fields no longer match its hash.` };
  }
  return null;
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
