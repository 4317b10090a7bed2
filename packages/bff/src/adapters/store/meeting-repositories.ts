import type { HostChoice, InterviewerHosting, ProblemCode } from '@ats-zoom/contract';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type {
  CalendarAttendeeRecord,
  CalendarSendUpdates,
  HostDailyWriteRepository,
  IdempotencyKeyRepository,
  IdempotencyScope,
  MeetingCalendarRecord,
  MeetingCalendarStatus,
  MeetingOperationRecord,
  MeetingOperationRepository,
  MeetingRecord,
  MeetingRepository,
} from '../../core/ports';
import type { Database, Engine, MeetingOperationsTable, MeetingsTable } from './database';
import { dateWriter, readDate, readOwner, rethrowConflict } from './row-values';

type MeetingRow = Selectable<MeetingsTable>;
type MeetingPatch = Parameters<MeetingRepository['update']>[1];

const flag = (value: boolean) => (value ? 1 : 0);

function toMeeting(row: MeetingRow): MeetingRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    interviewId: row.interview_id,
    candidateId: row.candidate_id,
    connectionId: row.connection_id,
    hostProviderUserId: row.host_zoom_user_id,
    hostOwnerUserId: row.host_owner_user_id,
    hostOwnerName: row.host_owner_name,
    hostEmail: row.host_zoom_email,
    hostChoice: JSON.parse(row.host_choice) as HostChoice,
    interviewers: JSON.parse(row.interviewers) as InterviewerHosting[],
    zoomMeetingId: row.zoom_meeting_id,
    joinUrl: row.join_url,
    passcodeEmbedded: Number(row.passcode_embedded) === 1,
    hasPasscode: Number(row.has_passcode) === 1,
    passcode: row.passcode,
    topic: row.topic,
    startTime: readDate(row.start_time),
    durationMinutes: Number(row.duration_minutes),
    timezone: row.timezone,
    joinBeforeHost: Number(row.join_before_host) === 1,
    waitingRoom: Number(row.waiting_room) === 1,
    linkStatus: row.link_status as MeetingRecord['linkStatus'],
    brokenReason: row.broken_reason as MeetingRecord['brokenReason'],
    zoomTime:
      row.zoom_start_time === null
        ? null
        : {
            startTime: readDate(row.zoom_start_time),
            durationMinutes: Number(row.zoom_duration_minutes),
          },
    calendar: toMeetingCalendar(row),
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

function toMeetingCalendar(row: MeetingRow): MeetingCalendarRecord {
  return {
    register: Number(row.calendar_register) === 1,
    attendees: JSON.parse(row.calendar_attendees) as CalendarAttendeeRecord[],
    sendUpdates: row.calendar_send_updates as CalendarSendUpdates,
    owner: readOwner(row.calendar_owner),
    status: row.calendar_status as MeetingCalendarStatus,
    eventId: row.calendar_event_id,
    eventGeneration: Number(row.calendar_event_generation ?? 0),
    htmlLink: row.calendar_html_link,
    syncedDigest: row.calendar_synced_digest,
    errorCode: row.calendar_error_code as ProblemCode | null,
    errorAt: row.calendar_error_at === null ? null : readDate(row.calendar_error_at),
    nextRetryAt: row.calendar_next_retry_at === null ? null : readDate(row.calendar_next_retry_at),
    updatedAt: readDate(row.calendar_updated_at ?? row.updated_at),
  };
}

function calendarValues(
  calendar: MeetingCalendarRecord,
  writeDate: (date: Date) => Date | number,
): Updateable<MeetingsTable> {
  const optionalDate = (date: Date | null) => (date === null ? null : writeDate(date));
  return {
    calendar_register: flag(calendar.register),
    calendar_attendees: JSON.stringify(calendar.attendees),
    calendar_send_updates: calendar.sendUpdates,
    calendar_owner: calendar.owner === null ? null : JSON.stringify(calendar.owner),
    calendar_status: calendar.status,
    calendar_event_id: calendar.eventId,
    calendar_event_generation: calendar.eventGeneration,
    calendar_html_link: calendar.htmlLink,
    calendar_synced_digest: calendar.syncedDigest,
    calendar_error_code: calendar.errorCode,
    calendar_error_at: optionalDate(calendar.errorAt),
    calendar_next_retry_at: optionalDate(calendar.nextRetryAt),
    calendar_updated_at: writeDate(calendar.updatedAt),
  };
}

function meetingValues(
  patch: MeetingPatch,
  writeDate: (date: Date) => Date | number,
): Updateable<MeetingsTable> {
  const values: Updateable<MeetingsTable> = {};
  if (patch.candidateId !== undefined) values.candidate_id = patch.candidateId;
  if (patch.connectionId !== undefined) values.connection_id = patch.connectionId;
  if (patch.hostProviderUserId !== undefined) values.host_zoom_user_id = patch.hostProviderUserId;
  if (patch.hostOwnerUserId !== undefined) values.host_owner_user_id = patch.hostOwnerUserId;
  if (patch.hostOwnerName !== undefined) values.host_owner_name = patch.hostOwnerName;
  if (patch.hostEmail !== undefined) values.host_zoom_email = patch.hostEmail;
  if (patch.hostChoice !== undefined) values.host_choice = JSON.stringify(patch.hostChoice);
  if (patch.interviewers !== undefined) values.interviewers = JSON.stringify(patch.interviewers);
  if (patch.zoomMeetingId !== undefined) values.zoom_meeting_id = patch.zoomMeetingId;
  if (patch.joinUrl !== undefined) values.join_url = patch.joinUrl;
  if (patch.passcodeEmbedded !== undefined) values.passcode_embedded = flag(patch.passcodeEmbedded);
  if (patch.hasPasscode !== undefined) values.has_passcode = flag(patch.hasPasscode);
  if (patch.passcode !== undefined) values.passcode = patch.passcode;
  if (patch.topic !== undefined) values.topic = patch.topic;
  if (patch.startTime !== undefined) values.start_time = writeDate(patch.startTime);
  if (patch.durationMinutes !== undefined) values.duration_minutes = patch.durationMinutes;
  if (patch.timezone !== undefined) values.timezone = patch.timezone;
  if (patch.joinBeforeHost !== undefined) values.join_before_host = flag(patch.joinBeforeHost);
  if (patch.waitingRoom !== undefined) values.waiting_room = flag(patch.waitingRoom);
  if (patch.linkStatus !== undefined) values.link_status = patch.linkStatus;
  if (patch.brokenReason !== undefined) values.broken_reason = patch.brokenReason;
  if (patch.zoomTime !== undefined) {
    values.zoom_start_time = patch.zoomTime && writeDate(patch.zoomTime.startTime);
    values.zoom_duration_minutes = patch.zoomTime?.durationMinutes ?? null;
  }
  if (patch.calendar !== undefined)
    Object.assign(values, calendarValues(patch.calendar, writeDate));
  if (patch.updatedAt !== undefined) values.updated_at = writeDate(patch.updatedAt);
  return values;
}

export function meetingRepository(db: Kysely<Database>, engine: Engine): MeetingRepository {
  const writeDate = dateWriter(engine);

  return {
    async findByInterview(tenantId, interviewId) {
      const row = await db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('interview_id', '=', interviewId)
        .executeTakeFirst();
      return row && toMeeting(row);
    },

    async findByHostMeetingId(zoomMeetingId) {
      const rows = await db
        .selectFrom('meetings')
        .selectAll()
        .where('zoom_meeting_id', '=', zoomMeetingId)
        .orderBy('id')
        .execute();
      return rows.map(toMeeting);
    },

    async listOverlapping({ tenantId, connectionIds, start, end }) {
      if (connectionIds.length === 0) return [];
      // A meeting ends at start + duration; only meetings starting before `end` can overlap,
      // and none is longer than a day, which bounds the scan from below.
      const earliest = new Date(start.getTime() - 24 * 60 * 60 * 1000);
      const rows = await db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('connection_id', 'in', connectionIds)
        .where('start_time', '<', writeDate(end))
        .where('start_time', '>', writeDate(earliest))
        .orderBy('start_time')
        .orderBy('id')
        .execute();
      return rows
        .map(toMeeting)
        .filter((m) => m.startTime.getTime() + m.durationMinutes * 60_000 > start.getTime());
    },

    async nextMeetingsForCandidates(tenantId, candidateIds, now) {
      if (candidateIds.length === 0) return [];
      // The end (start + duration) is not a column: bound the scan by the longest meeting (a
      // day, as above) and keep, per candidate, the earliest one still running or ahead.
      const earliest = new Date(now.getTime() - 24 * 60 * 60 * 1000);
      const rows = await db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('candidate_id', 'in', [...new Set(candidateIds)])
        .where('start_time', '>', writeDate(earliest))
        .orderBy('start_time')
        .orderBy('id')
        .execute();
      const next = new Map<string, MeetingRecord>();
      for (const meeting of rows.map(toMeeting)) {
        const ended =
          meeting.startTime.getTime() + meeting.durationMinutes * 60_000 <= now.getTime();
        if (!ended && !next.has(meeting.candidateId)) next.set(meeting.candidateId, meeting);
      }
      return [...next.values()];
    },

    async save(record) {
      const values = {
        id: record.id,
        tenant_id: record.tenantId,
        interview_id: record.interviewId,
        ...meetingValues(record, writeDate),
        created_at: writeDate(record.createdAt),
      } as MeetingRow;
      const { id: _id, tenant_id: _t, interview_id: _i, created_at: _c, ...replace } = values;
      await db
        .insertInto('meetings')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['tenant_id', 'interview_id']).doUpdateSet(replace),
        )
        .execute()
        .catch(rethrowConflict);
    },

    async update(id, patch) {
      const values = meetingValues(patch, writeDate);
      if (Object.keys(values).length === 0) return;
      await db.updateTable('meetings').set(values).where('id', '=', id).execute();
    },

    async delete(tenantId, interviewId) {
      await db
        .deleteFrom('meetings')
        .where('tenant_id', '=', tenantId)
        .where('interview_id', '=', interviewId)
        .execute();
    },
  };
}

function toOperation(row: Selectable<MeetingOperationsTable>): MeetingOperationRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    interviewId: row.interview_id,
    connectionId: row.connection_id,
    status: row.status as MeetingOperationRecord['status'],
    zoomMeetingId: row.zoom_meeting_id,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

export function meetingOperationRepository(
  db: Kysely<Database>,
  engine: Engine,
): MeetingOperationRepository {
  const writeDate = dateWriter(engine);

  return {
    async insert(record) {
      await db
        .insertInto('meeting_operations')
        .values({
          id: record.id,
          tenant_id: record.tenantId,
          interview_id: record.interviewId,
          connection_id: record.connectionId,
          status: record.status,
          zoom_meeting_id: record.zoomMeetingId,
          created_at: writeDate(record.createdAt),
          updated_at: writeDate(record.updatedAt),
        })
        .execute()
        .catch(rethrowConflict);
    },

    async findPending(tenantId, interviewId, connectionId) {
      const row = await db
        .selectFrom('meeting_operations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('interview_id', '=', interviewId)
        .where('connection_id', '=', connectionId)
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && toOperation(row);
    },

    async complete(id, zoomMeetingId, at) {
      await db
        .updateTable('meeting_operations')
        .set({ status: 'completed', zoom_meeting_id: zoomMeetingId, updated_at: writeDate(at) })
        .where('id', '=', id)
        .execute();
    },
  };
}

export function idempotencyKeyRepository(
  db: Kysely<Database>,
  engine: Engine,
): IdempotencyKeyRepository {
  const writeDate = dateWriter(engine);
  const inScope = (scope: IdempotencyScope) =>
    db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('user_id', '=', scope.userId)
      .where('route', '=', scope.route)
      .where('key', '=', scope.key);

  return {
    async claim(scope, requestHash, now, staleBefore) {
      // A concurrent release can delete the row between our insert and read: try again.
      for (let round = 0; round < 3; round++) {
        const inserted = await db
          .insertInto('idempotency_keys')
          .values({
            tenant_id: scope.tenantId,
            user_id: scope.userId,
            route: scope.route,
            key: scope.key,
            request_hash: requestHash,
            state: 'in_flight',
            response_status: null,
            response_body: null,
            created_at: writeDate(now),
          })
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'user_id', 'route', 'key']).doNothing(),
          )
          .returning('key')
          .executeTakeFirst();
        if (inserted) return { kind: 'claimed' };

        // One conditional UPDATE: a single winner takes over a claim whose process died.
        const takenOver = await db
          .updateTable('idempotency_keys')
          .set({ created_at: writeDate(now) })
          .where('tenant_id', '=', scope.tenantId)
          .where('user_id', '=', scope.userId)
          .where('route', '=', scope.route)
          .where('key', '=', scope.key)
          .where('request_hash', '=', requestHash)
          .where('state', '=', 'in_flight')
          .where('created_at', '<', writeDate(staleBefore))
          .executeTakeFirst();
        if (takenOver.numUpdatedRows === 1n) return { kind: 'claimed' };

        const row = await inScope(scope).executeTakeFirst();
        if (!row) continue;
        if (row.request_hash !== requestHash) return { kind: 'mismatch' };
        if (row.state !== 'done') return { kind: 'in_flight' };
        return {
          kind: 'replay',
          status: Number(row.response_status),
          body: row.response_body === null ? null : JSON.parse(row.response_body),
        };
      }
      return { kind: 'in_flight' };
    },

    async complete(scope, status, body, at) {
      await db
        .updateTable('idempotency_keys')
        .set({
          state: 'done',
          response_status: status,
          response_body: JSON.stringify(body ?? null),
          created_at: writeDate(at),
        })
        .where('tenant_id', '=', scope.tenantId)
        .where('user_id', '=', scope.userId)
        .where('route', '=', scope.route)
        .where('key', '=', scope.key)
        .execute();
    },

    async release(scope) {
      await db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', scope.tenantId)
        .where('user_id', '=', scope.userId)
        .where('route', '=', scope.route)
        .where('key', '=', scope.key)
        .where('state', '=', 'in_flight')
        .execute();
    },

    async deleteCreatedBefore(before) {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', writeDate(before))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function zoomDailyWriteRepository(db: Kysely<Database>): HostDailyWriteRepository {
  return {
    async increment(zoomUserId, day) {
      const row = await db
        .insertInto('zoom_daily_writes')
        .values({ zoom_user_id: zoomUserId, day, count: 1 })
        .onConflict((conflict) =>
          conflict
            .columns(['zoom_user_id', 'day'])
            .doUpdateSet((eb) => ({ count: eb('zoom_daily_writes.count', '+', 1) })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async count(zoomUserId, day) {
      const row = await db
        .selectFrom('zoom_daily_writes')
        .select('count')
        .where('zoom_user_id', '=', zoomUserId)
        .where('day', '=', day)
        .executeTakeFirst();
      return row ? Number(row.count) : 0;
    },
  };
}
