import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postgresUrl, storeEngines } from '../../../test/postgres';
import { suiteStores } from '../../../test/suite-stores';

const engines = await storeEngines('rate-limit-counters.test.ts');

const takeMany = async (take: () => Promise<{ allowed: boolean }>, count: number) => {
  const taken = [];
  for (let i = 0; i < count; i += 1) taken.push(await take());
  return taken.map((each) => each.allowed);
};

describe.each(engines)('rate limit counters on %s', (engine) => {
  const { schema, open } = suiteStores(engine, 'rate_counters_test', { postgresPoolSize: 2 });
  const other = suiteStores(engine, 'rate_counters_other', { postgresPoolSize: 2 });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('when a key spends its budget, then it is refused with 0 left and the time to the window end, and other keys and policies keep theirs', async () => {
    const store = await open();
    const counter = store.rateLimitCounter({ name: 'test', limit: 3, windowSeconds: 60 });

    const first = await counter.take('k1');
    expect(first).toMatchObject({ allowed: true, remaining: 2 });
    expect(first.resetMs).toBeGreaterThan(55_000);
    expect(first.resetMs).toBeLessThanOrEqual(60_000);
    expect(await takeMany(() => counter.take('k1'), 3)).toEqual([true, true, false]);
    const refused = await counter.take('k1');
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.resetMs).toBeGreaterThan(55_000);

    expect((await counter.take('k2')).allowed).toBe(true);
    const otherPolicy = store.rateLimitCounter({ name: 'other', limit: 3, windowSeconds: 60 });
    expect((await otherPolicy.take('k1')).allowed).toBe(true);
    // Asked again for the same policy, the store answers the same budget.
    const again = store.rateLimitCounter({ name: 'test', limit: 3, windowSeconds: 60 });
    expect((await again.take('k1')).allowed).toBe(false);
  });

  it('when a policy is not a short name and whole numbers >= 1, then asking for it throws', async () => {
    const store = await open();
    expect(() => store.rateLimitCounter({ name: 'x', limit: 0, windowSeconds: 60 })).toThrow(
      /x\.limit/,
    );
    expect(() => store.rateLimitCounter({ name: 'x', limit: 1, windowSeconds: 1.5 })).toThrow(
      /x\.windowSeconds/,
    );
    expect(() => store.rateLimitCounter({ name: 'Bad Name', limit: 1, windowSeconds: 1 })).toThrow(
      /name/,
    );
  });

  it.runIf(engine === 'postgres')(
    'when two stores open one schema, then they spend one budget; a store on another schema has its own',
    async () => {
      const policy = { name: 'shared', limit: 4, windowSeconds: 60 };
      const [a, b] = [await open(), await open()];
      const elsewhere = await other.open();
      const takes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).rateLimitCounter(policy).take('k'),
        ),
      );
      expect(takes.filter((each) => each.allowed)).toHaveLength(4);
      expect((await elsewhere.rateLimitCounter(policy).take('k')).allowed).toBe(true);
    },
  );

  it.runIf(engine === 'postgres')(
    'when counter rows ended over a minute ago, then the store deletes them within 5 minutes and keeps live ones',
    async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const store = await open();
      const counter = store.rateLimitCounter({ name: 'prune', limit: 5, windowSeconds: 600 });
      await counter.take('live');
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const table = `"${schema}".rate_limits`;
        await client.query(`insert into ${table} values ('prune:old', 3, $1)`, [
          Date.now() - 61_000,
        ]);
        vi.advanceTimersByTime(5 * 60_000);
        await vi.waitFor(async () => {
          const keys = await client.query<{ key: string }>(
            `select key from ${table} where key like 'prune:%' order by key`,
          );
          expect(keys.rows.map((row) => row.key)).toEqual(['prune:live']);
        });
      } finally {
        await client.end();
      }
    },
  );
});
