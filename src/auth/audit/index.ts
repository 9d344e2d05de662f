/**
 * The audit capability: a hash-chained, tamper-evident log of auth events and operation calls, with query, NDJSON
 * export, verification and retention. Build it with createAuditLog; it is `services.audit`.
 */

export { GENESIS_HASH, hashAuditRow } from './audit-hash.js';
export { type AuditLog, type AuditLogOptions, type AuditVerifyReport, createAuditLog } from './audit-log.js';
export type { AuditPruneResult } from './audit-prune.js';
export { type AuditFilter, type AuditPage, type AuditQuery, type AuditRecord, auditRecordSchema } from './audit-record.js';
export { canonicalJson } from './canonical-json.js';
export { auditMigrations } from './migrations.js';
export { type AuditBreak, type AuditBreakReason, walkChain } from './verify-chain.js';
export { verifyAuditExport } from './verify-export.js';
