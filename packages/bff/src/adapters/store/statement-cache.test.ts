import { type Generated, Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadableSqliteDrivers } from '../../../test/sqlite-drivers';
import { loadSqliteDriver } from './sqlite-driver';
import { openStoreHandle, withStatementCache } from './statement-cache';

describe.each(loadableSqliteDrivers)('SQLite statement cache on %s', (driverName) => {
  const open = async (maxEntries?: number) =>
    withStatementCache((await loadSqliteDriver(driverName)).open(':memory:'), maxEntries);

  it('when the same SQL is prepared again, then the prepared statement is reused and runs with the new parameters', async () => {
    const handle = await open();
    handle.exec('create table t (id integer primary key, name text)');
    const insert = handle.prepare('insert into t (name) values (?)');
    expect(handle.prepare('insert into t (name) values (?)')).toBe(insert);
    insert.run(['a']);
    handle.prepare('insert into t (name) values (?)').run(['b']);
    const select = handle.prepare('select name from t where id = ?');
    expect(select.reader).toBe(true);
    expect(select.all([1])).toEqual([{ name: 'a' }]);
    expect(handle.prepare('select name from t where id = ?').all([2])).toEqual([{ name: 'b' }]);
    handle.close();
  });

  it('when the schema changes after a statement was prepared, then the store still sees the new schema', async () => {
    const handle = openStoreHandle(await loadSqliteDriver(driverName), ':memory:');
    handle.exec('create table t (id integer primary key)');
    handle.prepare('insert into t (id) values (?)').run([1]);
    expect(handle.prepare('select * from t').all([])).toEqual([{ id: 1 }]);
    handle.exec("alter table t add column note text default 'n'");
    expect(handle.prepare('select * from t').all([])).toEqual([{ id: 1, note: 'n' }]);
    handle.close();
  });

  it('when more distinct SQL texts than the limit are prepared, then the least recently used is prepared anew', async () => {
    const handle = await open(2);
    const one = handle.prepare('select 1 as v');
    const two = handle.prepare('select 2 as v');
    expect(handle.prepare('select 1 as v')).toBe(one); // one is now the most recent
    handle.prepare('select 3 as v'); // drops two
    expect(handle.prepare('select 1 as v')).toBe(one);
    const twoAgain = handle.prepare('select 2 as v');
    expect(twoAgain).not.toBe(two);
    expect(twoAgain.all([])).toEqual([{ v: 2 }]);
    handle.close();
  });

  it('when SQL fails to prepare, then the error is thrown each time and nothing is kept', async () => {
    const handle = await open();
    expect(() => handle.prepare('select * from missing')).toThrow(/missing/);
    handle.exec('create table missing (id integer)');
    expect(handle.prepare('select * from missing').all([])).toEqual([]);
    handle.close();
  });

  it('when Kysely runs queries, streams and transactions over the cached handle, then every answer is right', async () => {
    const handle = await open();
    const db = new Kysely<{ t: { id: Generated<number>; name: string } }>({
      dialect: new SqliteDialect({ database: async () => handle }),
    });
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    for (const name of ['a', 'b', 'c']) await db.insertInto('t').values({ name }).execute();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ name: 'B' }).where('id', '=', 2).execute();
    });
    const streamed: string[] = [];
    for await (const row of db.selectFrom('t').select('name').orderBy('id').stream()) {
      streamed.push(row.name);
    }
    expect(streamed).toEqual(['a', 'B', 'c']);
    const byId = (id: number) =>
      db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
    expect(await Promise.all([byId(1), byId(2), byId(3)])).toEqual([
      { name: 'a' },
      { name: 'B' },
      { name: 'c' },
    ]);
    await db.destroy();
  });
});
