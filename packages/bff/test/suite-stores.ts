import { afterAll } from 'vitest';
import { type OpenStoreOptions, openStore } from '../src/adapters/store/index';
import type { Store } from '../src/core/ports';
import { dropSchema, freshSchema, postgresUrl } from './postgres';

/**
 * Opens stores for one `describe` on `engine`: on PostgreSQL they share a fresh schema and
 * `postgresPools`; on SQLite each is in memory. After the suite every one is closed and the
 * schema dropped. Call it inside the `describe`.
 */
export function suiteStores(
  engine: Store['engine'],
  schemaPrefix: string,
  postgresPools: Partial<OpenStoreOptions>,
) {
  const schema = freshSchema(schemaPrefix);
  const opened: Store[] = [];
  const open = async (extra: Partial<OpenStoreOptions> = {}) => {
    const store = await openStore(
      engine === 'postgres'
        ? { databaseUrl: postgresUrl, postgresSchema: schema, ...postgresPools, ...extra }
        : { sqlitePath: ':memory:', ...extra },
    );
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (engine === 'postgres') await dropSchema(schema);
  });
  return { schema, open };
}
