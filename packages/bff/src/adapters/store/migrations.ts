import { connectionStatuses, roles } from '@ats-zoom/contract';
import {
  type ColumnDataType,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type SqlBool,
  sql,
} from 'kysely';
import type { Engine } from './database';

/** Names of the uniqueness rules, as reported by `StoreConflictError.constraint`. */
export const constraintNames = {
  connectionPerUser: 'connections_tenant_user_provider_key',
  liveLinkPerProviderUser: 'connections_live_provider_user_key',
  oauthStateHash: 'oauth_attempts_state_hash_key',
  meetingPerInterview: 'meetings_tenant_interview_key',
  idempotencyKey: 'idempotency_keys_pkey',
  calendarTask: 'calendar_tasks_pkey',
  deactivatedUser: 'deactivated_users_pkey',
  zoomApprovalWait: 'zoom_approval_waits_pkey',
  pendingZoomDeletion: 'pending_zoom_deletions_pkey',
  webhookJob: 'webhook_jobs_pkey',
} as const;

const liveStatuses = ['active', 'needs_reauth'] as const;
const attemptStatuses = ['pending', 'succeeded', 'failed', 'expired'] as const;
const accountTypes = ['personal', 'managed'] as const;
const linkStatuses = ['active', 'broken'] as const;
const brokenReasons = ['deleted_in_zoom', 'changed_in_zoom'] as const;
const operationStatuses = ['pending', 'completed'] as const;
const idempotencyStates = ['in_flight', 'done'] as const;
const calendarStatuses = ['registered', 'not_requested', 'failed'] as const;
const calendarSendUpdates = ['all', 'externalOnly', 'none'] as const;
const calendarTaskKinds = ['sync', 'delete'] as const;
const webhookJobStatuses = ['pending', 'done', 'failed'] as const;
/** `HostChoice` of a host the scheduler chose (what meetings before 0015 had). */
const chosenHostChoice = { auto: false, prefer: [], role: null, passedOver: [] };

/** `col in ('a', 'b')` with the values inlined: DDL takes no bind parameters. */
function oneOf(column: string, values: readonly string[]) {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/**
 * Migrations, written once for both engines: only the timestamp and identity column types
 * differ (see `Timestamp` in database.ts). Never edit a shipped migration; add a new one.
 */
export function createMigrations(engine: Engine): Record<string, Migration> {
  const timestamp: ColumnDataType = engine === 'postgres' ? 'timestamptz' : 'integer';

  return {
    '0001_connections_attempts_webhooks_audit': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('connections')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull())
          .addColumn('user_name', 'text', (col) => col.notNull())
          .addColumn('provider', 'text', (col) => col.notNull())
          .addColumn('provider_user_id', 'text', (col) => col.notNull())
          .addColumn('provider_account_id', 'text')
          .addColumn('email', 'text')
          .addColumn('display_name', 'text')
          .addColumn('account_type', 'text', (col) =>
            col.check(oneOf('account_type', accountTypes)),
          )
          .addColumn('status', 'text', (col) =>
            col.notNull().check(oneOf('status', connectionStatuses)),
          )
          .addColumn('scopes', 'text', (col) => col.notNull())
          .addColumn('token_ciphertext', 'text')
          .addColumn('access_token_expires_at', timestamp)
          .addColumn('moved_from', 'text')
          .addColumn('moved_to', 'text')
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('updated_at', timestamp, (col) => col.notNull())
          .addUniqueConstraint(constraintNames.connectionPerUser, [
            'tenant_id',
            'user_id',
            'provider',
          ])
          .execute();

        // Zoom keeps one live grant per Zoom user and app, so at most one live link per
        // provider user across the deployment; moved and revoked rows stay as history.
        await db.schema
          .createIndex(constraintNames.liveLinkPerProviderUser)
          .on('connections')
          .columns(['provider', 'provider_user_id'])
          .unique()
          .where(oneOf('status', liveStatuses))
          .execute();

        await db.schema
          .createTable('oauth_attempts')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('state_hash', 'text', (col) => col.notNull())
          .addColumn('code_verifier_ciphertext', 'text', (col) => col.notNull())
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull())
          .addColumn('user_name', 'text', (col) => col.notNull())
          .addColumn('role', 'text', (col) => col.notNull().check(oneOf('role', roles)))
          .addColumn('provider', 'text', (col) => col.notNull())
          .addColumn('return_origin', 'text', (col) => col.notNull())
          .addColumn('status', 'text', (col) =>
            col.notNull().check(oneOf('status', attemptStatuses)),
          )
          .addColumn('error_code', 'text')
          // A disconnected link must not take its attempt history with it.
          .addColumn('connection_id', 'text', (col) =>
            col.references('connections.id').onDelete('set null'),
          )
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('expires_at', timestamp, (col) => col.notNull())
          .addColumn('consumed_at', timestamp)
          .addColumn('started_at', timestamp)
          .addUniqueConstraint(constraintNames.oauthStateHash, ['state_hash'])
          .execute();

        await db.schema
          .createIndex('oauth_attempts_expires_at_idx')
          .on('oauth_attempts')
          .column('expires_at')
          .execute();
        await db.schema
          .createIndex('oauth_attempts_connection_id_idx')
          .on('oauth_attempts')
          .column('connection_id')
          .execute();

        await db.schema
          .createTable('webhook_events')
          .addColumn('provider', 'text', (col) => col.notNull())
          .addColumn('event_key', 'text', (col) => col.notNull())
          .addColumn('received_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint('webhook_events_pkey', ['provider', 'event_key'])
          .execute();

        await db.schema
          .createTable('audit_log')
          .addColumn('id', engine === 'postgres' ? 'bigint' : 'integer', (col) =>
            engine === 'postgres'
              ? col.primaryKey().generatedAlwaysAsIdentity()
              : col.primaryKey().autoIncrement(),
          )
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('actor', 'text', (col) => col.notNull())
          .addColumn('action', 'text', (col) => col.notNull())
          .addColumn('subject_type', 'text', (col) => col.notNull())
          .addColumn('subject_id', 'text', (col) => col.notNull())
          .addColumn('details', 'text', (col) => col.notNull())
          .addColumn('at', timestamp, (col) => col.notNull())
          .execute();

        await db.schema
          .createIndex('audit_log_tenant_id_idx')
          .on('audit_log')
          .columns(['tenant_id', 'id'])
          .execute();
      },
    },

    '0002_meetings_idempotency_operations_daily_writes': {
      async up(db: Kysely<unknown>) {
        // No foreign key to connections: a meeting outlives its host's link (disconnect, move).
        await db.schema
          .createTable('meetings')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('interview_id', 'text', (col) => col.notNull())
          .addColumn('candidate_id', 'text', (col) => col.notNull())
          .addColumn('connection_id', 'text', (col) => col.notNull())
          .addColumn('host_zoom_user_id', 'text', (col) => col.notNull())
          .addColumn('host_owner_user_id', 'text', (col) => col.notNull())
          .addColumn('host_owner_name', 'text', (col) => col.notNull())
          .addColumn('host_zoom_email', 'text')
          .addColumn('zoom_meeting_id', 'text', (col) => col.notNull())
          .addColumn('join_url', 'text', (col) => col.notNull())
          .addColumn('passcode_embedded', 'integer', (col) => col.notNull())
          .addColumn('has_passcode', 'integer', (col) => col.notNull())
          .addColumn('topic', 'text', (col) => col.notNull())
          .addColumn('start_time', timestamp, (col) => col.notNull())
          .addColumn('duration_minutes', 'integer', (col) => col.notNull())
          .addColumn('timezone', 'text', (col) => col.notNull())
          .addColumn('join_before_host', 'integer', (col) => col.notNull())
          .addColumn('waiting_room', 'integer', (col) => col.notNull())
          .addColumn('link_status', 'text', (col) =>
            col.notNull().check(oneOf('link_status', linkStatuses)),
          )
          .addColumn('broken_reason', 'text', (col) =>
            col.check(oneOf('broken_reason', brokenReasons)),
          )
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('updated_at', timestamp, (col) => col.notNull())
          .addUniqueConstraint(constraintNames.meetingPerInterview, ['tenant_id', 'interview_id'])
          .execute();
        await db.schema
          .createIndex('meetings_connection_start_idx')
          .on('meetings')
          .columns(['tenant_id', 'connection_id', 'start_time'])
          .execute();
        await db.schema
          .createIndex('meetings_zoom_meeting_id_idx')
          .on('meetings')
          .column('zoom_meeting_id')
          .execute();

        await db.schema
          .createTable('meeting_operations')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('interview_id', 'text', (col) => col.notNull())
          .addColumn('connection_id', 'text', (col) => col.notNull())
          .addColumn('status', 'text', (col) =>
            col.notNull().check(oneOf('status', operationStatuses)),
          )
          .addColumn('zoom_meeting_id', 'text')
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('updated_at', timestamp, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('meeting_operations_interview_idx')
          .on('meeting_operations')
          .columns(['tenant_id', 'interview_id', 'connection_id', 'status'])
          .execute();

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull())
          .addColumn('route', 'text', (col) => col.notNull())
          .addColumn('key', 'text', (col) => col.notNull())
          .addColumn('request_hash', 'text', (col) => col.notNull())
          .addColumn('state', 'text', (col) =>
            col.notNull().check(oneOf('state', idempotencyStates)),
          )
          .addColumn('response_status', 'integer')
          .addColumn('response_body', 'text')
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.idempotencyKey, [
            'tenant_id',
            'user_id',
            'route',
            'key',
          ])
          .execute();
        await db.schema
          .createIndex('idempotency_keys_created_at_idx')
          .on('idempotency_keys')
          .column('created_at')
          .execute();

        await db.schema
          .createTable('zoom_daily_writes')
          .addColumn('zoom_user_id', 'text', (col) => col.notNull())
          .addColumn('day', 'text', (col) => col.notNull())
          .addColumn('count', 'integer', (col) => col.notNull())
          .addPrimaryKeyConstraint('zoom_daily_writes_pkey', ['zoom_user_id', 'day'])
          .execute();
      },
    },

    '0003_meetings_candidate_start_index': {
      // Mail variables look up candidates' next meetings (a bulk send asks for 200 at once).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('meetings_candidate_start_idx')
          .on('meetings')
          .columns(['tenant_id', 'candidate_id', 'start_time'])
          .execute();
      },
    },

    '0004_meeting_calendar_and_outbox': {
      // The Google Calendar step of each meeting, and the outbox that retries it.
      async up(db: Kysely<unknown>) {
        // SQLite adds one column per statement.
        const addMeetingColumn = (
          name: string,
          type: ColumnDataType,
          build: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder = (col) => col,
        ) => db.schema.alterTable('meetings').addColumn(name, type, build).execute();
        await addMeetingColumn('calendar_register', 'integer', (col) => col.notNull().defaultTo(0));
        await addMeetingColumn('calendar_attendees', 'text', (col) =>
          col.notNull().defaultTo('[]'),
        );
        await addMeetingColumn('calendar_send_updates', 'text', (col) =>
          col
            .notNull()
            .defaultTo('none')
            .check(oneOf('calendar_send_updates', calendarSendUpdates)),
        );
        await addMeetingColumn('calendar_owner', 'text');
        await addMeetingColumn('calendar_status', 'text', (col) =>
          col
            .notNull()
            .defaultTo('not_requested')
            .check(oneOf('calendar_status', calendarStatuses)),
        );
        await addMeetingColumn('calendar_event_id', 'text');
        await addMeetingColumn('calendar_html_link', 'text');
        await addMeetingColumn('calendar_synced_digest', 'text');
        await addMeetingColumn('calendar_error_code', 'text');
        await addMeetingColumn('calendar_error_at', timestamp);
        await addMeetingColumn('calendar_next_retry_at', timestamp);
        // Null on rows from before this migration: the meeting's own updated_at stands in.
        await addMeetingColumn('calendar_updated_at', timestamp);

        // One task per event; no foreign key: a delete outlives the meeting row.
        await db.schema
          .createTable('calendar_tasks')
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('interview_id', 'text', (col) => col.notNull())
          .addColumn('event_id', 'text', (col) => col.notNull())
          .addColumn('kind', 'text', (col) => col.notNull().check(oneOf('kind', calendarTaskKinds)))
          .addColumn('owner', 'text', (col) => col.notNull())
          .addColumn('send_updates', 'text', (col) =>
            col.notNull().check(oneOf('send_updates', calendarSendUpdates)),
          )
          .addColumn('attempts', 'integer', (col) => col.notNull())
          .addColumn('next_attempt_at', timestamp)
          .addColumn('last_error_code', 'text')
          .addColumn('locked_until', timestamp)
          .addColumn('locked_by', 'text')
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('updated_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.calendarTask, [
            'tenant_id',
            'interview_id',
            'event_id',
          ])
          .execute();
        await db.schema
          .createIndex('calendar_tasks_next_attempt_idx')
          .on('calendar_tasks')
          .column('next_attempt_at')
          .execute();
      },
    },

    '0005_rate_limits_and_live_attempts': {
      async up(db: Kysely<unknown>) {
        // The live OAuth attempts of one user, newest first (the cap on live attempts).
        await db.schema
          .createIndex('oauth_attempts_owner_created_idx')
          .on('oauth_attempts')
          .columns(['tenant_id', 'user_id', 'created_at'])
          .execute();
        // PostgreSQL only: the request counters every BFF instance shares, in the shape
        // rate-limiter-flexible's RateLimiterPostgres reads and writes (`expire` in epoch ms).
        // SQLite has one instance, whose counters live in its memory.
        if (engine === 'postgres') {
          await db.schema
            .createTable(rateLimitsTable)
            .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
            .addColumn('points', 'integer', (col) => col.notNull().defaultTo(0))
            .addColumn('expire', 'bigint')
            .execute();
        }
      },
    },

    '0006_deactivated_users': {
      async up(db: Kysely<unknown>) {
        // One row per ATS user the host said is deactivated; reactivation deletes it. No
        // foreign key: the host's users live in the host, and their links stay as they are.
        await db.schema
          .createTable('deactivated_users')
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull())
          .addColumn('deactivated_at', timestamp, (col) => col.notNull())
          .addColumn('deactivated_by', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.deactivatedUser, ['tenant_id', 'user_id'])
          .execute();
      },
    },
    '0007_meeting_passcode': {
      // The meeting's passcode: shown to schedulers, in the mail variable and on the calendar
      // event when the join URL does not carry it. Meetings saved before stay null.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('meetings').addColumn('passcode', 'text').execute();
      },
    },
    '0008_zoom_time_mismatch': {
      // A time changed in Zoom itself is no longer a broken link: the row keeps the interview's
      // time and Zoom's is kept beside it until a scheduler chooses. Rows marked
      // `changed_in_zoom` before hold Zoom's time already (the interview's was overwritten):
      // they become active with that time as Zoom's, so they still ask for a choice.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('meetings').addColumn('zoom_start_time', timestamp).execute();
        await db.schema
          .alterTable('meetings')
          .addColumn('zoom_duration_minutes', 'integer')
          .execute();
        await sql`update meetings set zoom_start_time = start_time,
          zoom_duration_minutes = duration_minutes, link_status = 'active', broken_reason = null
          where broken_reason = 'changed_in_zoom'`.execute(db);
      },
    },
    '0009_pending_zoom_deletions': {
      // A Zoom meeting we no longer use but could not delete: its host's link was revoked at
      // Zoom or needs re-authorization (no token). Deleted at Zoom when that Zoom user links
      // again; the row goes then.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('pending_zoom_deletions')
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('zoom_meeting_id', 'text', (col) => col.notNull())
          .addColumn('zoom_user_id', 'text', (col) => col.notNull())
          .addColumn('interview_id', 'text', (col) => col.notNull())
          .addColumn('host_owner_name', 'text', (col) => col.notNull())
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.pendingZoomDeletion, [
            'tenant_id',
            'zoom_meeting_id',
          ])
          .execute();
        await db.schema
          .createIndex('pending_zoom_deletions_zoom_user_idx')
          .on('pending_zoom_deletions')
          .column('zoom_user_id')
          .execute();
        await db.schema
          .createIndex('pending_zoom_deletions_interview_idx')
          .on('pending_zoom_deletions')
          .columns(['tenant_id', 'interview_id'])
          .execute();
      },
    },
    '0010_zoom_approval_waits': {
      // One row per ATS user who said they asked their Zoom admin to pre-approve the app (Zoom
      // never tells us): kept across the 10-minute OAuth attempts until the user connects or
      // withdraws it.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('zoom_approval_waits')
          .addColumn('tenant_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull())
          .addColumn('requested_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.zoomApprovalWait, ['tenant_id', 'user_id'])
          .execute();
      },
    },
    '0011_calendar_problem_codes': {
      // Calendar failures are no longer named after Google (Outlook fails the same ways):
      // `google_unavailable` and its siblings became `calendar_unavailable` and so on. Stored
      // codes of a meeting's calendar step, its outbox task and OAuth attempts follow.
      async up(db: Kysely<unknown>) {
        for (const [table, column] of [
          ['meetings', 'calendar_error_code'],
          ['calendar_tasks', 'last_error_code'],
          ['oauth_attempts', 'error_code'],
        ] as const) {
          await sql`update ${sql.table(table)} set ${sql.ref(column)} = 'calendar_' || substr(${sql.ref(column)}, 8)
            where ${sql.ref(column)} in ('google_not_connected', 'google_needs_reauth', 'google_forbidden',
              'google_rate_limited', 'google_quota_exceeded', 'google_unavailable')`.execute(db);
        }
      },
    },
    '0012_zoom_daily_writes_day_index': {
      // The metrics scrape reads today's rows of every host; the primary key leads with the host.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('zoom_daily_writes_day_idx')
          .on('zoom_daily_writes')
          .column('day')
          .execute();
      },
    },
    '0013_calendar_provider_event_ids': {
      // Outlook names its events itself (Graph's id, known from the create answer), so the
      // provider's id is no longer the derived key: an outbox delete carries it, because it
      // outlives the meeting row (null: never learnt, or a Google task, whose id is the key).
      // The meeting's event generation moves the derived key on (a new `transactionId`) when an
      // event is gone or the registration moved to another calendar; rows before are at 0.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('calendar_tasks')
          .addColumn('provider_event_id', 'text')
          .execute();
        await db.schema
          .alterTable('meetings')
          .addColumn('calendar_event_generation', 'integer', (col) => col.notNull().defaultTo(0))
          .execute();
      },
    },
    '0014_webhook_jobs': {
      // The webhook queue: a delivery is stored (once per key) before it is acknowledged, then
      // processed by a leased background pass on any instance, with retries.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('webhook_jobs')
          .addColumn('provider', 'text', (col) => col.notNull())
          .addColumn('event_key', 'text', (col) => col.notNull())
          .addColumn('event', 'text', (col) => col.notNull())
          .addColumn('status', 'text', (col) =>
            col.notNull().check(oneOf('status', webhookJobStatuses)),
          )
          .addColumn('attempts', 'integer', (col) => col.notNull())
          .addColumn('next_attempt_at', timestamp)
          .addColumn('last_error', 'text')
          .addColumn('locked_until', timestamp)
          .addColumn('locked_by', 'text')
          .addColumn('created_at', timestamp, (col) => col.notNull())
          .addColumn('updated_at', timestamp, (col) => col.notNull())
          .addPrimaryKeyConstraint(constraintNames.webhookJob, ['provider', 'event_key'])
          .execute();
        await db.schema
          .createIndex('webhook_jobs_next_attempt_idx')
          .on('webhook_jobs')
          .column('next_attempt_at')
          .execute();
      },
    },
    '0015_meeting_host_choice': {
      // How the host was chosen (by the scheduler, or 自動で選ぶ with why) and the interviewers of
      // the last save with who can start the meeting, both JSON. Meetings from before had their
      // host chosen and no interviewers.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('meetings')
          .addColumn('host_choice', 'text', (col) =>
            col.notNull().defaultTo(JSON.stringify(chosenHostChoice)),
          )
          .execute();
        await db.schema
          .alterTable('meetings')
          .addColumn('interviewers', 'text', (col) => col.notNull().defaultTo('[]'))
          .execute();
      },
    },
  };
}

/** Where PostgreSQL keeps the rate limit counters (in the store's schema). */
export const rateLimitsTable = 'rate_limits';

/** In-code provider for Kysely's `Migrator`: no migration files to ship or glob. */
export function createMigrationProvider(engine: Engine): MigrationProvider {
  return { getMigrations: async () => createMigrations(engine) };
}
