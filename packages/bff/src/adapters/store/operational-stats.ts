import { type Kysely, sql } from 'kysely';
import type { Store } from '../../core/ports';
import type { Database } from './database';
import { readDate } from './row-values';

/** Aggregates the metrics read from the store when `/metrics` is scraped. */
export interface StoreOperationalStats {
  calendarOutbox: {
    /** Tasks waiting for a retry (leased ones included). */
    pending: number;
    /** Tasks the loop gave up on (no next attempt; the retry route or a reconnect resumes them). */
    parked: number;
    /** When the oldest pending task was created; null when none is pending. */
    oldestPendingCreatedAt: Date | null;
  };
  /**
   * Zoom meeting creates/updates this BFF made today (UTC day `day`), as a distribution over
   * the hosts that made any: how many hosts (`hosts`) made exactly `writes` of them. At most one
   * row per count, whatever the number of hosts.
   */
  zoomDailyWrites: { day: string; counts: { writes: number; hosts: number }[] };
}

/** A store that can answer `operationalStats` (the one `openStore` opens). */
export interface OperationalStatsSource {
  operationalStats(now: Date): Promise<StoreOperationalStats>;
}

export function hasOperationalStats(store: Store): store is Store & OperationalStatsSource {
  return typeof (store as Partial<OperationalStatsSource>).operationalStats === 'function';
}

/**
 * Three aggregate queries: counts over `calendar_tasks` (small: only failed calendar steps wait
 * there) and a group-by over today's rows of `zoom_daily_writes` (indexed by day), so a scrape
 * costs the same with ten hosts or ten thousand.
 */
export function createOperationalStats(db: Kysely<Database>): OperationalStatsSource {
  return {
    async operationalStats(now) {
      const day = now.toISOString().slice(0, 10);
      const [outbox, writes] = await Promise.all([
        db
          .selectFrom('calendar_tasks')
          .select([
            sql<number | string>`count(next_attempt_at)`.as('pending'),
            sql<number | string>`count(*) - count(next_attempt_at)`.as('parked'),
            sql<
              Date | number | string | null
            >`min(case when next_attempt_at is not null then created_at end)`.as('oldest'),
          ])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('zoom_daily_writes')
          .select(['count', sql<number | string>`count(*)`.as('hosts')])
          .where('day', '=', day)
          .groupBy('count')
          .execute(),
      ]);
      return {
        calendarOutbox: {
          pending: Number(outbox.pending),
          parked: Number(outbox.parked),
          oldestPendingCreatedAt: outbox.oldest === null ? null : readDate(outbox.oldest),
        },
        zoomDailyWrites: {
          day,
          counts: writes.map((row) => ({ writes: Number(row.count), hosts: Number(row.hosts) })),
        },
      };
    },
  };
}
