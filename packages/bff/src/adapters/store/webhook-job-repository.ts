import type { Provider } from '@ats-zoom/contract';
import type { Kysely, Selectable } from 'kysely';
import type {
  WebhookJobKey,
  WebhookJobRecord,
  WebhookJobRepository,
  WebhookJobStatus,
} from '../../core/ports';
import type { Database, Engine, WebhookJobsTable } from './database';
import { dateWriter, readDate, readOptionalDate } from './row-values';

function toJob(row: Selectable<WebhookJobsTable>): WebhookJobRecord {
  return {
    provider: row.provider as Provider,
    eventKey: row.event_key,
    event: row.event,
    status: row.status as WebhookJobStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: readOptionalDate(row.next_attempt_at),
    lastError: row.last_error,
    lockedUntil: readOptionalDate(row.locked_until),
    lockedBy: row.locked_by,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

export function webhookJobRepository(db: Kysely<Database>, engine: Engine): WebhookJobRepository {
  const writeDate = dateWriter(engine);
  const byKey = (key: WebhookJobKey) =>
    db
      .selectFrom('webhook_jobs')
      .selectAll()
      .where('provider', '=', key.provider)
      .where('event_key', '=', key.eventKey);

  return {
    async enqueue(job) {
      const at = writeDate(job.at);
      const inserted = await db
        .insertInto('webhook_jobs')
        .values({
          provider: job.provider,
          event_key: job.eventKey,
          event: job.event,
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          last_error: null,
          locked_until: null,
          locked_by: null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((conflict) => conflict.columns(['provider', 'event_key']).doNothing())
        .returning('event_key')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async claim(key, owner, now, until) {
      const at = writeDate(now);
      // One conditional UPDATE: the database decides the single winner (PostgreSQL re-checks
      // the WHERE after taking the row lock; SQLite has one writer).
      const result = await db
        .updateTable('webhook_jobs')
        .set({ locked_by: owner, locked_until: writeDate(until) })
        .where('provider', '=', key.provider)
        .where('event_key', '=', key.eventKey)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return undefined;
      const row = await byKey(key).executeTakeFirst();
      return row && row.locked_by === owner ? toJob(row) : undefined;
    },

    async listDue(now, limit) {
      const at = writeDate(now);
      const rows = await db
        .selectFrom('webhook_jobs')
        .select(['provider', 'event_key'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .orderBy('event_key')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ provider: row.provider as Provider, eventKey: row.event_key }));
    },

    async finish(key, owner, outcome) {
      await db
        .updateTable('webhook_jobs')
        .set({
          status: outcome.status,
          attempts: outcome.attempts,
          next_attempt_at: outcome.nextAttemptAt === null ? null : writeDate(outcome.nextAttemptAt),
          last_error: outcome.lastError,
          locked_until: null,
          locked_by: null,
          updated_at: writeDate(outcome.at),
        })
        .where('provider', '=', key.provider)
        .where('event_key', '=', key.eventKey)
        .where('locked_by', '=', owner)
        .execute();
    },

    async find(key) {
      const row = await byKey(key).executeTakeFirst();
      return row && toJob(row);
    },

    async pruneFinished(before) {
      const result = await db
        .deleteFrom('webhook_jobs')
        .where('status', 'in', ['done', 'failed'])
        .where('updated_at', '<', writeDate(before))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
