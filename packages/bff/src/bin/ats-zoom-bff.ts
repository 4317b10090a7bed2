#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bffEnvUsage } from '../server/env';
import { runMigrateCommand } from '../server/migrate-command';
import { runBffServer } from '../server/run-bff-server';

const usage = `Usage: ats-zoom-bff [--help]
       ats-zoom-bff migrate [--check]

Runs the ats-zoom BFF as an HTTP server, configured by environment variables (see the
@ats-zoom/bff README). A bad or missing variable stops it with exit code 78, naming the
variable. SIGINT or SIGTERM drains it (exit 0; 1 past SHUTDOWN_TIMEOUT_MS).

migrate          runs the pending schema migrations on DATABASE_URL (a deploy step, with a
                 role that may create tables), printing each one; exit 0
migrate --check  lists the pending migrations without running them: exit 3 when some are
                 pending, 0 when the schema is up to date
A database error exits 1. With MIGRATE_ON_BOOT=false the server never migrates.

${bffEnvUsage()}`;

let parsed: { help: boolean; check: boolean; command: string | undefined };
try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, check: { type: 'boolean' } },
  });
  const [command, ...rest] = positionals;
  if (command !== undefined && command !== 'migrate') {
    throw new Error(`Unknown command "${command}"`);
  }
  if (rest.length > 0) throw new Error(`Unexpected argument "${rest[0]}"`);
  if (values.check && command !== 'migrate') throw new Error('--check goes with migrate');
  parsed = { help: values.help === true, check: values.check === true, command };
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(64);
}
if (parsed.help) {
  console.log(usage);
} else if (parsed.command === 'migrate') {
  process.exit(await runMigrateCommand({ check: parsed.check }));
} else {
  await runBffServer(process.env);
}
