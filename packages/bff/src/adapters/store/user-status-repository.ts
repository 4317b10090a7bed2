import type { Kysely, Selectable } from 'kysely';
import type { DeactivatedUserRecord, UserStatusRepository } from '../../core/ports';
import type { Database, DeactivatedUsersTable, Engine } from './database';
import { dateWriter, readDate } from './row-values';

function toRecord(row: Selectable<DeactivatedUsersTable>): DeactivatedUserRecord {
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    deactivatedAt: readDate(row.deactivated_at),
    deactivatedBy: row.deactivated_by,
  };
}

export function userStatusRepository(db: Kysely<Database>, engine: Engine): UserStatusRepository {
  const writeDate = dateWriter(engine);
  return {
    async find(tenantId, userId) {
      const row = await db
        .selectFrom('deactivated_users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async listDeactivated(tenantId, userIds) {
      if (userIds !== undefined && userIds.length === 0) return [];
      let query = db.selectFrom('deactivated_users').selectAll().where('tenant_id', '=', tenantId);
      if (userIds !== undefined) query = query.where('user_id', 'in', [...new Set(userIds)]);
      const rows = await query.orderBy('user_id').execute();
      return rows.map(toRecord);
    },

    async deactivate(record) {
      const inserted = await db
        .insertInto('deactivated_users')
        .values({
          tenant_id: record.tenantId,
          user_id: record.userId,
          deactivated_at: writeDate(record.deactivatedAt),
          deactivated_by: record.deactivatedBy,
        })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async reactivate(tenantId, userId) {
      const deleted = await db
        .deleteFrom('deactivated_users')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}
