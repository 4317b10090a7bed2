import type { ColumnType, Generated } from 'kysely';

/**
 * Timestamps are `timestamptz` on PostgreSQL (the driver reads them as `Date`) and integer
 * epoch milliseconds on SQLite, which has no date type; both keep a JS `Date` exact to the ms.
 */
export type Timestamp = ColumnType<Date | number, Date | number, Date | number>;

/** JSON documents are stored as text on both engines. */
export type JsonText = string;

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  user_name: string;
  provider: string;
  provider_user_id: string;
  provider_account_id: string | null;
  email: string | null;
  display_name: string | null;
  account_type: string | null;
  status: string;
  scopes: JsonText;
  token_ciphertext: string | null;
  access_token_expires_at: Timestamp | null;
  moved_from: JsonText | null;
  moved_to: JsonText | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OAuthAttemptsTable {
  id: string;
  state_hash: string;
  code_verifier_ciphertext: string;
  tenant_id: string;
  user_id: string;
  user_name: string;
  role: string;
  provider: string;
  return_origin: string;
  status: string;
  error_code: string | null;
  connection_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  started_at: Timestamp | null;
}

export interface WebhookEventsTable {
  provider: string;
  event_key: string;
  received_at: Timestamp;
}

export interface AuditLogTable {
  /** `bigint` identity on PostgreSQL (read back as a string), integer rowid on SQLite. */
  id: Generated<number | string>;
  tenant_id: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: JsonText;
  at: Timestamp;
}

export interface Database {
  connections: ConnectionsTable;
  oauth_attempts: OAuthAttemptsTable;
  webhook_events: WebhookEventsTable;
  audit_log: AuditLogTable;
}

export type Engine = 'sqlite' | 'postgres';
