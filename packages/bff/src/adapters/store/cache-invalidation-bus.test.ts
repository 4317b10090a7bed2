import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresUrl } from '../../../test/postgres';
import {
  createLocalCacheInvalidationBus,
  createPostgresCacheInvalidationBus,
} from './cache-invalidation-bus';

const onPostgres = await postgresAvailable('cache-invalidation-bus.test.ts');

function recorder() {
  const heard: string[] = [];
  let resets = 0;
  return {
    heard,
    resets: () => resets,
    listener: {
      invalidate: (ids: readonly string[]) => void heard.push(...ids),
      invalidateAll: () => {
        resets += 1;
      },
    },
  };
}

describe('cache invalidation on one SQLite store', () => {
  it('when one member publishes, then the other members hear it and the publisher does not', async () => {
    const bus = createLocalCacheInvalidationBus();
    const a = recorder();
    const b = recorder();
    const memberA = bus.join(a.listener);
    bus.join(b.listener);

    await memberA.publish(['c1', 'c2']);

    expect(b.heard).toEqual(['c1', 'c2']);
    expect(a.heard).toEqual([]);
  });
});

describe.runIf(onPostgres)('cache invalidation over PostgreSQL LISTEN/NOTIFY', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function openBus(schema: string, applicationName: string) {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    const bus = createPostgresCacheInvalidationBus({
      pool,
      listenUrl: postgresUrl,
      schema,
      applicationName,
      minBackoffMs: 50,
    });
    cleanup.push(async () => {
      await bus.close();
      await pool.end();
    });
    return { bus, pool };
  }

  /** Whether the named LISTEN connection is up (it shows in pg_stat_activity). */
  async function listening(pool: pg.Pool, applicationName: string): Promise<boolean> {
    const found = await pool.query(
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    return found.rows[0]?.n === 1;
  }

  it('when instance A publishes, then B (another pool and LISTEN connection) hears those ids within 1 s, A not itself, and a bus of another schema nothing', async () => {
    const tag = randomBytes(4).toString('hex');
    const schema = `bus_${tag}`;
    const a = openBus(schema, `atz-test-a-${tag}`);
    const b = openBus(schema, `atz-test-b-${tag}`);
    const other = openBus(`${schema}_other`, `atz-test-o-${tag}`);
    const heardA = recorder();
    const heardB = recorder();
    const heardOther = recorder();
    const memberA = a.bus.join(heardA.listener);
    b.bus.join(heardB.listener);
    other.bus.join(heardOther.listener);
    await expect.poll(() => listening(a.pool, `atz-test-b-${tag}`)).toBe(true);
    await expect.poll(() => listening(a.pool, `atz-test-o-${tag}`)).toBe(true);

    await memberA.publish(['conn-1', 'conn-2']);

    await expect
      .poll(() => heardB.heard, { timeout: 1_000, interval: 20 })
      .toEqual(['conn-1', 'conn-2']);
    expect(heardA.heard).toEqual([]);
    expect(heardOther.heard).toEqual([]);
  });

  it('when the LISTEN connection is killed, then it reconnects, every cached entry is dropped once, and notifications flow again', async () => {
    const tag = randomBytes(4).toString('hex');
    const schema = `bus_${tag}`;
    const name = `atz-test-kill-${tag}`;
    const a = openBus(schema, `atz-test-pub-${tag}`);
    const b = openBus(schema, name);
    const memberA = a.bus.join(recorder().listener);
    const heardB = recorder();
    b.bus.join(heardB.listener);
    await expect.poll(() => listening(a.pool, name)).toBe(true);
    expect(heardB.resets()).toBe(0);

    await a.pool.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [name],
    );

    await expect.poll(() => heardB.resets(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => listening(a.pool, name)).toBe(true);
    await memberA.publish(['after']);
    await expect.poll(() => heardB.heard, { timeout: 1_000 }).toEqual(['after']);
  });
});
