import { join } from 'node:path';
import { z } from 'zod';
import { openStoreSchema, redactDatabaseUrl } from '../adapters';
import { BffEnvSchema } from './env';

/** `ats-zoom-bff migrate --check` found migrations to run. */
export const MIGRATIONS_PENDING_EXIT_CODE = 3;

/** The variables `migrate` reads, checked by the server's own rules. */
const MigrateEnvSchema = z.object({
  DATABASE_URL: BffEnvSchema.shape.DATABASE_URL,
  DATA_DIR: BffEnvSchema.shape.DATA_DIR,
});

export interface MigrateOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: MigrateOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * `ats-zoom-bff migrate [--check]`: the store's schema migrations with this environment's
 * `DATABASE_URL` (unset: `DATA_DIR/ats-zoom.sqlite`, as the server). Without `--check` it runs
 * what is pending, printing each name, and answers 0; with it, it prints what is pending and
 * answers 3 (0 when up to date), changing nothing. A bad variable answers 78, a database
 * error 1 (the URL's password masked).
 */
export async function runMigrateCommand(
  options: { check: boolean },
  env: NodeJS.ProcessEnv = process.env,
  output: MigrateOutput = consoleOutput,
): Promise<number> {
  const parsed = MigrateEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    output.err(`Invalid BFF configuration:\n${lines.join('\n')}`);
    return 78;
  }
  const { DATABASE_URL: url, DATA_DIR: dataDir } = parsed.data;
  const where = url ? redactDatabaseUrl(url) : join(dataDir, 'ats-zoom.sqlite');
  let schema: Awaited<ReturnType<typeof openStoreSchema>> | undefined;
  try {
    schema = await openStoreSchema(
      url ? { databaseUrl: url } : { sqlitePath: join(dataDir, 'ats-zoom.sqlite') },
    );
    if (options.check) {
      const pending = await schema.pending();
      if (pending.length === 0) {
        output.out(`${where}: up to date, no migration pending`);
        return 0;
      }
      output.out(`${where}: ${pending.length} migration(s) pending:`);
      for (const name of pending) output.out(`  ${name}`);
      return MIGRATIONS_PENDING_EXIT_CODE;
    }
    const applied = await schema.migrate();
    if (applied.length === 0) output.out(`${where}: up to date, nothing to apply`);
    else {
      output.out(`${where}: applied ${applied.length} migration(s):`);
      for (const name of applied) output.out(`  ${name}`);
    }
    return 0;
  } catch (error) {
    output.err(`migrate failed on ${where}: ${(error as Error).message}`);
    return 1;
  } finally {
    await schema?.close().catch(() => undefined);
  }
}
