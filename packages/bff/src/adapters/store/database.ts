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

/** Booleans are integers 0/1 on both engines (SQLite has no boolean type). */
export type Flag = number;

export interface MeetingsTable {
  id: string;
  tenant_id: string;
  interview_id: string;
  candidate_id: string;
  connection_id: string;
  host_zoom_user_id: string;
  host_owner_user_id: string;
  host_owner_name: string;
  host_zoom_email: string | null;
  zoom_meeting_id: string;
  join_url: string;
  passcode_embedded: Flag;
  has_passcode: Flag;
  /** Zoom's passcode, kept so a scheduler can pass it on when the URL does not carry it. */
  passcode: string | null;
  topic: string;
  start_time: Timestamp;
  duration_minutes: number;
  timezone: string;
  join_before_host: Flag;
  waiting_room: Flag;
  link_status: string;
  broken_reason: string | null;
  /** Zoom's time after a change made in Zoom, while it differs from the interview's. */
  zoom_start_time: Timestamp | null;
  zoom_duration_minutes: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  calendar_register: Generated<Flag>;
  /** JSON `CalendarAttendeeRecord[]`. */
  calendar_attendees: Generated<JsonText>;
  calendar_send_updates: Generated<string>;
  /** JSON `CalendarOwnerRecord`. */
  calendar_owner: JsonText | null;
  calendar_status: Generated<string>;
  calendar_event_id: string | null;
  calendar_html_link: string | null;
  calendar_synced_digest: string | null;
  calendar_error_code: string | null;
  calendar_error_at: Timestamp | null;
  calendar_next_retry_at: Timestamp | null;
  calendar_updated_at: Timestamp | null;
  /** The event generation of the derived key (0 on rows from before it). */
  calendar_event_generation: Generated<number>;
  /** JSON `HostChoice`. */
  host_choice: Generated<JsonText>;
  /** JSON `InterviewerHosting[]`. */
  interviewers: Generated<JsonText>;
}

/** The calendar outbox: work still to do on one calendar event. */
export interface CalendarTasksTable {
  tenant_id: string;
  interview_id: string;
  event_id: string;
  kind: string;
  /** JSON `CalendarOwnerRecord`. */
  owner: JsonText;
  send_updates: string;
  attempts: number;
  next_attempt_at: Timestamp | null;
  last_error_code: string | null;
  locked_until: Timestamp | null;
  locked_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The provider's own event id when known (Outlook's from the create answer). */
  provider_event_id: string | null;
}

export interface MeetingOperationsTable {
  id: string;
  tenant_id: string;
  interview_id: string;
  connection_id: string;
  status: string;
  zoom_meeting_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  route: string;
  key: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: JsonText | null;
  created_at: Timestamp;
}

export interface ZoomDailyWritesTable {
  zoom_user_id: string;
  /** `YYYY-MM-DD`, UTC: Zoom's counter resets at 00:00 UTC. */
  day: string;
  count: number;
}

export interface DeactivatedUsersTable {
  tenant_id: string;
  user_id: string;
  deactivated_at: Timestamp;
  deactivated_by: string;
}

export interface ZoomApprovalWaitsTable {
  tenant_id: string;
  user_id: string;
  requested_at: Timestamp;
}

export interface PendingZoomDeletionsTable {
  tenant_id: string;
  zoom_meeting_id: string;
  zoom_user_id: string;
  interview_id: string;
  host_owner_name: string;
  created_at: Timestamp;
}

/** The webhook queue: acknowledged deliveries still to process (or processed, until pruned). */
export interface WebhookJobsTable {
  provider: string;
  event_key: string;
  /** JSON: the core's event. */
  event: JsonText;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  locked_until: Timestamp | null;
  locked_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  connections: ConnectionsTable;
  oauth_attempts: OAuthAttemptsTable;
  webhook_events: WebhookEventsTable;
  audit_log: AuditLogTable;
  meetings: MeetingsTable;
  meeting_operations: MeetingOperationsTable;
  idempotency_keys: IdempotencyKeysTable;
  zoom_daily_writes: ZoomDailyWritesTable;
  calendar_tasks: CalendarTasksTable;
  deactivated_users: DeactivatedUsersTable;
  zoom_approval_waits: ZoomApprovalWaitsTable;
  pending_zoom_deletions: PendingZoomDeletionsTable;
  webhook_jobs: WebhookJobsTable;
}

export type Engine = 'sqlite' | 'postgres';
