import type { Kysely, Selectable } from 'kysely';
import type { PendingHostDeletionRecord, PendingHostDeletionRepository } from '../../core/ports';
import type { Database, Engine, PendingZoomDeletionsTable } from './database';
import { dateWriter, readDate } from './row-values';

function toRecord(row: Selectable<PendingZoomDeletionsTable>): PendingHostDeletionRecord {
  return {
    tenantId: row.tenant_id,
    zoomMeetingId: row.zoom_meeting_id,
    zoomUserId: row.zoom_user_id,
    interviewId: row.interview_id,
    hostOwnerName: row.host_owner_name,
    createdAt: readDate(row.created_at),
  };
}

export function pendingHostDeletionRepository(
  db: Kysely<Database>,
  engine: Engine,
): PendingHostDeletionRepository {
  const writeDate = dateWriter(engine);
  const table = 'pending_zoom_deletions' as const;
  return {
    async add(record) {
      await db
        .insertInto(table)
        .values({
          tenant_id: record.tenantId,
          zoom_meeting_id: record.zoomMeetingId,
          zoom_user_id: record.zoomUserId,
          interview_id: record.interviewId,
          host_owner_name: record.hostOwnerName,
          created_at: writeDate(record.createdAt),
        })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'zoom_meeting_id']).doNothing())
        .execute();
    },

    async listForInterview(tenantId, interviewId) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('interview_id', '=', interviewId)
        .orderBy('created_at')
        .execute();
      return rows.map(toRecord);
    },

    async listForHostUser(zoomUserId) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('zoom_user_id', '=', zoomUserId)
        .orderBy('created_at')
        .execute();
      return rows.map(toRecord);
    },

    async remove(tenantId, zoomMeetingId) {
      await db
        .deleteFrom(table)
        .where('tenant_id', '=', tenantId)
        .where('zoom_meeting_id', '=', zoomMeetingId)
        .execute();
    },
  };
}
