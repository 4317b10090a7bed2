import { type Kysely, Migrator, sql } from 'kysely';
import type { Database, Engine } from './database';
import { createMigrationProvider } from './migrations';

/**
 * The migrator over this store's schema. With `create` (migrating), a missing `postgresSchema`
 * is created first; without it (checking), nothing is created, so a runtime role without
 * CREATE can ask. Answers undefined when the schema does not exist yet (everything pending).
 */
async function schemaMigrator(
  db: Kysely<Database>,
  engine: Engine,
  postgresSchema: string | undefined,
  create: boolean,
): Promise<Migrator | undefined> {
  let migrationTableSchema: string | undefined;
  if (engine === 'postgres') {
    if (postgresSchema !== undefined && create) {
      await sql`create schema if not exists ${sql.id(postgresSchema)}`.execute(db);
    }
    // Kysely looks for its migration table in every schema unless told which one, so another
    // schema's table (a parallel test run, another deployment) would be taken for ours.
    const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      db,
    );
    migrationTableSchema = current.rows[0]?.schema ?? undefined;
    if (migrationTableSchema === undefined) {
      if (!create && postgresSchema !== undefined) return undefined;
      throw new Error('PostgreSQL has no current schema: check search_path or postgresSchema');
    }
  }
  return new Migrator({
    db,
    provider: createMigrationProvider(engine),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
}

/** Applies every pending migration, in order; answers the names it applied. */
export async function applyMigrations(
  db: Kysely<Database>,
  engine: Engine,
  postgresSchema?: string,
): Promise<string[]> {
  const migrator = await schemaMigrator(db, engine, postgresSchema, true);
  if (!migrator) throw new Error('PostgreSQL has no current schema');
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error;
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations this code knows that the database has not run, oldest first; reads only
 * (creates neither the schema nor Kysely's tables). Migrations the database has run that this
 * code does not know (a newer release migrated first) do not count: they only add.
 */
export async function listPendingMigrations(
  db: Kysely<Database>,
  engine: Engine,
  postgresSchema?: string,
): Promise<string[]> {
  const migrator = await schemaMigrator(db, engine, postgresSchema, false);
  if (!migrator) return Object.keys(await createMigrationProvider(engine).getMigrations()).sort();
  const migrations = await migrator.getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
