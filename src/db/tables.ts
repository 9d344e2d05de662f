/**
 * Row types of every table, for Kysely. Capabilities add their own tables by declaration merging:
 * `declare module '../db/tables.js' { interface Tables { users: UsersTable } }`.
 * Conventions: ids are text, times are ISO-8601 UTC text (sortable on both dialects), JSON is text, booleans are 0/1.
 */
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  ts: string;
  principal_id: string | null;
  principal_type: string | null;
  action: string;
  target: string | null;
  outcome: string;
  client_ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface OperationCallsTable {
  id: string;
  ts: string;
  principal_id: string | null;
  principal_type: string | null;
  operation: string;
  face: string;
  args_digest: string;
  outcome: string;
  error_code: string | null;
  duration_ms: number;
  request_id: string | null;
}

export interface Tables {
  settings: SettingsTable;
  audit_log: AuditLogTable;
  operation_calls: OperationCallsTable;
}
