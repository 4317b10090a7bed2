import { describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from '../../../test/postgres';
import { ProviderRateLimitedError } from '../../core/shared/errors';
import { openStore } from '../store/open-store';
import { createMemoryRateLimitCounters } from '../store/rate-limit-counters';
import { createZoomAccountPacing } from './zoom-account-pacing';

const onPostgres = await postgresAvailable('zoom-account-pacing.test.ts');

/** Asks `count` slots at once; answers how many were granted within `withinMs`. */
async function grantedWithin(
  pacing: NonNullable<ReturnType<typeof createZoomAccountPacing>>,
  key: string,
  count: number,
  withinMs: number,
): Promise<{ early: number; settled: Promise<unknown> }> {
  const started = performance.now();
  let early = 0;
  const all = Array.from({ length: count }, () =>
    pacing.slot(key).then(() => {
      if (performance.now() - started < withinMs) early += 1;
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, withinMs));
  return { early, settled: Promise.allSettled(all) };
}

describe('Zoom calls paced per Zoom account', () => {
  it('when 12 calls of one account arrive at once at 5/s, then 5 go at once and the rest wait for later windows, while another account is not held up', async () => {
    const pacing = createZoomAccountPacing(
      { rateLimitCounter: createMemoryRateLimitCounters() },
      { perSecond: 5, maxWaitMs: 5_000 },
    );
    if (!pacing) throw new Error('pacing expected');

    const company = await grantedWithin(pacing, 'acme', 12, 300);
    const other = await grantedWithin(pacing, 'globex', 1, 100);

    expect(company.early).toBe(5);
    expect(other.early).toBe(1);
    const results = (await company.settled) as PromiseSettledResult<unknown>[];
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(12);
  });

  it('when no slot comes within the wait limit, then the call is refused as provider_rate_limited', async () => {
    const pacing = createZoomAccountPacing(
      { rateLimitCounter: createMemoryRateLimitCounters() },
      { perSecond: 1, maxWaitMs: 50 },
    );
    if (!pacing) throw new Error('pacing expected');
    await pacing.slot('acme');

    const refused = await pacing.slot('acme').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ProviderRateLimitedError);
    expect((refused as ProviderRateLimitedError).code).toBe('provider_rate_limited');
  });

  it('when perSecond is 0, then there is no pacing', () => {
    expect(
      createZoomAccountPacing(
        { rateLimitCounter: createMemoryRateLimitCounters() },
        { perSecond: 0 },
      ),
    ).toBeUndefined();
  });

  it.runIf(onPostgres)(
    'when two instances on one PostgreSQL call for one account at once, then they share its budget',
    async () => {
      const schema = freshSchema('pacing');
      const stores = [
        await openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 2 }),
        await openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 2 }),
      ];
      try {
        const [a, b] = stores.map((store) =>
          createZoomAccountPacing(store, { perSecond: 6, maxWaitMs: 5_000 }),
        );
        if (!a || !b) throw new Error('pacing expected');

        const [atA, atB] = await Promise.all([
          grantedWithin(a, 'acme', 6, 400),
          grantedWithin(b, 'acme', 6, 400),
        ]);

        // The account's window opens with its first call and lasts 1 s: within 400 ms the two
        // instances together get its 6 slots at most (each alone would have granted 6).
        expect(atA.early + atB.early).toBeGreaterThan(0);
        expect(atA.early + atB.early).toBeLessThanOrEqual(6);
        await Promise.all([atA.settled, atB.settled]);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await dropSchema(schema);
      }
    },
  );
});
