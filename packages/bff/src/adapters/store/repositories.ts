import type { ConnectionStatus, Provider, Role } from '@ats-zoom/contract';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type {
  AuditEntry,
  AuditLogRepository,
  ConnectionRecord,
  ConnectionRepository,
  LinkPartyRecord,
  OAuthAttemptRecord,
  OAuthAttemptRepository,
  OAuthAttemptStatus,
  StoreRepositories,
  WebhookEventRepository,
} from '../../core/ports';
import { approvalWaitRepository } from './approval-wait-repository';
import { calendarTaskRepository } from './calendar-task-repository';
import type { ConnectionsTable, Database, Engine, OAuthAttemptsTable } from './database';
import {
  idempotencyKeyRepository,
  meetingOperationRepository,
  meetingRepository,
  zoomDailyWriteRepository,
} from './meeting-repositories';
import { pendingHostDeletionRepository } from './pending-host-deletion-repository';
import { dateWriter, readDate, readOptionalDate, rethrowConflict } from './row-values';
import { userStatusRepository } from './user-status-repository';

type ConnectionRow = Selectable<ConnectionsTable>;
type AttemptRow = Selectable<OAuthAttemptsTable>;
type ConnectionPatch = Parameters<ConnectionRepository['update']>[1];

function readParty(json: string | null): LinkPartyRecord | null {
  return json === null ? null : (JSON.parse(json) as LinkPartyRecord);
}

function writeParty(party: LinkPartyRecord | null): string | null {
  return party === null ? null : JSON.stringify(party);
}

function toConnection(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    userName: row.user_name,
    provider: row.provider as Provider,
    providerUserId: row.provider_user_id,
    providerAccountId: row.provider_account_id,
    email: row.email,
    displayName: row.display_name,
    accountType: row.account_type as ConnectionRecord['accountType'],
    status: row.status as ConnectionStatus,
    scopes: JSON.parse(row.scopes) as string[],
    tokenCiphertext: row.token_ciphertext,
    accessTokenExpiresAt: readOptionalDate(row.access_token_expires_at),
    movedFrom: readParty(row.moved_from),
    movedTo: readParty(row.moved_to),
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

function toAttempt(row: AttemptRow): OAuthAttemptRecord {
  return {
    id: row.id,
    stateHash: row.state_hash,
    codeVerifierCiphertext: row.code_verifier_ciphertext,
    tenantId: row.tenant_id,
    userId: row.user_id,
    userName: row.user_name,
    role: row.role as Role,
    provider: row.provider as Provider,
    returnOrigin: row.return_origin,
    status: row.status as OAuthAttemptStatus,
    errorCode: row.error_code,
    connectionId: row.connection_id,
    createdAt: readDate(row.created_at),
    expiresAt: readDate(row.expires_at),
    consumedAt: readOptionalDate(row.consumed_at),
    startedAt: readOptionalDate(row.started_at),
  };
}

function connectionRepository(db: Kysely<Database>, engine: Engine): ConnectionRepository {
  const writeDate = dateWriter(engine);
  const writeOptionalDate = (date: Date | null) => (date === null ? null : writeDate(date));

  return {
    async findById(id) {
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toConnection(row);
    },

    async findForUser(tenantId, userId, provider) {
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      return row && toConnection(row);
    },

    async findLiveByProviderUser(provider, providerUserId) {
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where('provider', '=', provider)
        .where('provider_user_id', '=', providerUserId)
        .where('status', 'in', ['active', 'needs_reauth'])
        .executeTakeFirst();
      return row && toConnection(row);
    },

    async listForTenant(tenantId, provider) {
      const rows = await db
        .selectFrom('connections')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('provider', '=', provider)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toConnection);
    },

    async insert(record) {
      await db
        .insertInto('connections')
        .values({
          id: record.id,
          tenant_id: record.tenantId,
          user_id: record.userId,
          user_name: record.userName,
          provider: record.provider,
          provider_user_id: record.providerUserId,
          provider_account_id: record.providerAccountId,
          email: record.email,
          display_name: record.displayName,
          account_type: record.accountType,
          status: record.status,
          scopes: JSON.stringify(record.scopes),
          token_ciphertext: record.tokenCiphertext,
          access_token_expires_at: writeOptionalDate(record.accessTokenExpiresAt),
          moved_from: writeParty(record.movedFrom),
          moved_to: writeParty(record.movedTo),
          created_at: writeDate(record.createdAt),
          updated_at: writeDate(record.updatedAt),
        })
        .execute()
        .catch(rethrowConflict);
    },

    async update(id, patch) {
      const values = connectionPatchValues(patch, writeDate);
      if (Object.keys(values).length === 0) return;
      await db
        .updateTable('connections')
        .set(values)
        .where('id', '=', id)
        .execute()
        .catch(rethrowConflict);
    },

    async delete(id) {
      await db.deleteFrom('connections').where('id', '=', id).execute();
    },
  };
}

/** Only the keys present in the patch are written; `undefined` means "leave as is". */
function connectionPatchValues(
  patch: ConnectionPatch,
  writeDate: (date: Date) => Date | number,
): Updateable<ConnectionsTable> {
  const values: Updateable<ConnectionsTable> = {};
  if (patch.userName !== undefined) values.user_name = patch.userName;
  if (patch.providerUserId !== undefined) values.provider_user_id = patch.providerUserId;
  if (patch.providerAccountId !== undefined) values.provider_account_id = patch.providerAccountId;
  if (patch.email !== undefined) values.email = patch.email;
  if (patch.displayName !== undefined) values.display_name = patch.displayName;
  if (patch.accountType !== undefined) values.account_type = patch.accountType;
  if (patch.status !== undefined) values.status = patch.status;
  if (patch.scopes !== undefined) values.scopes = JSON.stringify(patch.scopes);
  if (patch.tokenCiphertext !== undefined) values.token_ciphertext = patch.tokenCiphertext;
  if (patch.accessTokenExpiresAt !== undefined) {
    values.access_token_expires_at =
      patch.accessTokenExpiresAt === null ? null : writeDate(patch.accessTokenExpiresAt);
  }
  if (patch.movedFrom !== undefined) values.moved_from = writeParty(patch.movedFrom);
  if (patch.movedTo !== undefined) values.moved_to = writeParty(patch.movedTo);
  if (patch.updatedAt !== undefined) values.updated_at = writeDate(patch.updatedAt);
  return values;
}

function oauthAttemptRepository(db: Kysely<Database>, engine: Engine): OAuthAttemptRepository {
  const writeDate = dateWriter(engine);

  return {
    async insert(record) {
      await db
        .insertInto('oauth_attempts')
        .values({
          id: record.id,
          state_hash: record.stateHash,
          code_verifier_ciphertext: record.codeVerifierCiphertext,
          tenant_id: record.tenantId,
          user_id: record.userId,
          user_name: record.userName,
          role: record.role,
          provider: record.provider,
          return_origin: record.returnOrigin,
          status: record.status,
          error_code: record.errorCode,
          connection_id: record.connectionId,
          created_at: writeDate(record.createdAt),
          expires_at: writeDate(record.expiresAt),
          consumed_at: record.consumedAt === null ? null : writeDate(record.consumedAt),
          started_at: record.startedAt === null ? null : writeDate(record.startedAt),
        })
        .execute()
        .catch(rethrowConflict);
    },

    async findById(id) {
      const row = await db
        .selectFrom('oauth_attempts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toAttempt(row);
    },

    async consumeByStateHash(stateHash, now) {
      // One conditional UPDATE: the database decides the single winner, on SQLite (one writer)
      // and on PostgreSQL (a concurrent UPDATE re-checks the WHERE after the row lock).
      const row = await db
        .updateTable('oauth_attempts')
        .set({ consumed_at: writeDate(now) })
        .where('state_hash', '=', stateHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', writeDate(now))
        .returningAll()
        .executeTakeFirst();
      return row && toAttempt(row);
    },

    async markStarted(id, now) {
      // Same single-winner UPDATE as consumeByStateHash: the popup's ticket is redeemed once.
      const result = await db
        .updateTable('oauth_attempts')
        .set({ started_at: writeDate(now) })
        .where('id', '=', id)
        .where('started_at', 'is', null)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', writeDate(now))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async findByStateHash(stateHash) {
      const row = await db
        .selectFrom('oauth_attempts')
        .selectAll()
        .where('state_hash', '=', stateHash)
        .executeTakeFirst();
      return row && toAttempt(row);
    },

    async finish(id, result) {
      await db
        .updateTable('oauth_attempts')
        .set({
          status: result.status,
          error_code: result.errorCode,
          connection_id: result.connectionId,
        })
        .where('id', '=', id)
        .execute();
    },

    async deleteExpired(before) {
      const result = await db
        .deleteFrom('oauth_attempts')
        .where('expires_at', '<', writeDate(before))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async expireLiveBeyond(newest, keep, now) {
      const live = await db
        .selectFrom('oauth_attempts')
        .select('id')
        .where('tenant_id', '=', newest.tenantId)
        .where('user_id', '=', newest.userId)
        .where('id', '!=', newest.id)
        .where('status', '=', 'pending')
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', writeDate(now))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const beyond = live.slice(Math.max(0, keep - 1)).map((row) => row.id);
      if (beyond.length === 0) return 0;
      // Every trimmer orders the same rows the same way, so concurrent ones agree on which go.
      const result = await db
        .updateTable('oauth_attempts')
        .set({ expires_at: writeDate(now) })
        .where('id', 'in', beyond)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', writeDate(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

function webhookEventRepository(db: Kysely<Database>, engine: Engine): WebhookEventRepository {
  const writeDate = dateWriter(engine);

  return {
    async recordIfNew(provider, eventKey, receivedAt) {
      const inserted = await db
        .insertInto('webhook_events')
        .values({ provider, event_key: eventKey, received_at: writeDate(receivedAt) })
        .onConflict((conflict) => conflict.columns(['provider', 'event_key']).doNothing())
        .returning('event_key')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}

function auditLogRepository(db: Kysely<Database>, engine: Engine): AuditLogRepository {
  const writeDate = dateWriter(engine);

  return {
    async append(entry) {
      await db
        .insertInto('audit_log')
        .values({
          tenant_id: entry.tenantId,
          actor: entry.actor,
          action: entry.action,
          subject_type: entry.subjectType,
          subject_id: entry.subjectId,
          details: JSON.stringify(entry.details),
          at: writeDate(entry.at),
        })
        .execute();
    },

    /** Oldest first, in the order the entries were appended. */
    async listForTenant(tenantId) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('id')
        .execute();
      return rows.map((row): AuditEntry & { id: number } => ({
        id: Number(row.id),
        tenantId: row.tenant_id,
        actor: row.actor,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: JSON.parse(row.details) as Record<string, unknown>,
        at: readDate(row.at),
      }));
    },
  };
}

/** Repositories over a Kysely instance or a transaction of it. */
export function createRepositories(db: Kysely<Database>, engine: Engine): StoreRepositories {
  return {
    connections: connectionRepository(db, engine),
    oauthAttempts: oauthAttemptRepository(db, engine),
    webhookEvents: webhookEventRepository(db, engine),
    audit: auditLogRepository(db, engine),
    meetings: meetingRepository(db, engine),
    meetingOperations: meetingOperationRepository(db, engine),
    idempotencyKeys: idempotencyKeyRepository(db, engine),
    hostDailyWrites: zoomDailyWriteRepository(db),
    calendarTasks: calendarTaskRepository(db, engine),
    userStatuses: userStatusRepository(db, engine),
    approvalWaits: approvalWaitRepository(db, engine),
    pendingHostDeletions: pendingHostDeletionRepository(db, engine),
  };
}
