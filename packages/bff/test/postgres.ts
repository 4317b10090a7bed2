import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/core/ports';

export const postgresUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name, so suites running at once never share tables. */
export const freshSchema = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Drops a schema a suite created, with everything in it. */
export async function dropSchema(schema: string, url = postgresUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

async function postgresUnreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether this suite's PostgreSQL tests run. Unreachable: with `CI=true` a failing test is
 * registered; elsewhere a line says they are skipped.
 */
export async function postgresAvailable(suite: string): Promise<boolean> {
  const problem = await postgresUnreachableReason();
  if (problem === undefined) return true;
  if (process.env.CI === 'true') {
    describe(`${suite} on postgres`, () => {
      it('when CI=true and PostgreSQL is unreachable, then the run fails', () => {
        expect.fail(`PostgreSQL at ${postgresUrl} is unreachable: ${problem}`);
      });
    });
  } else {
    console.log(
      `${suite}: PostgreSQL at ${postgresUrl} is unreachable (${problem}); its PostgreSQL ` +
        'tests are skipped (set TEST_DATABASE_URL, or CI=true to make this fail).',
    );
  }
  return false;
}

/** The engines a suite runs on: SQLite always, PostgreSQL when `postgresAvailable` says so. */
export async function storeEngines(suite: string): Promise<Store['engine'][]> {
  return (await postgresAvailable(suite)) ? ['sqlite', 'postgres'] : ['sqlite'];
}
