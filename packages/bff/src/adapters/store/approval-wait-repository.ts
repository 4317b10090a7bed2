import type { Kysely } from 'kysely';
import type { ApprovalWaitRepository } from '../../core/ports';
import type { Database, Engine } from './database';
import { dateWriter, readDate } from './row-values';

/** Zoom pre-approval waits, one per ATS user (the user's word: Zoom sends no signal). */
export function approvalWaitRepository(
  db: Kysely<Database>,
  engine: Engine,
): ApprovalWaitRepository {
  const writeDate = dateWriter(engine);
  return {
    async find(tenantId, userId) {
      const row = await db
        .selectFrom('zoom_approval_waits')
        .select('requested_at')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? readDate(row.requested_at) : undefined;
    },

    async record(tenantId, userId, requestedAt) {
      const inserted = await db
        .insertInto('zoom_approval_waits')
        .values({ tenant_id: tenantId, user_id: userId, requested_at: writeDate(requestedAt) })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async remove(tenantId, userId) {
      const deleted = await db
        .deleteFrom('zoom_approval_waits')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}
