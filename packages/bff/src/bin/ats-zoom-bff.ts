#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bffEnvUsage } from '../server/env';
import { runBffServer } from '../server/run-bff-server';

const usage = `Usage: ats-zoom-bff [--help]

Runs the ats-zoom BFF as an HTTP server, configured by environment variables (see the
@ats-zoom/bff README). A bad or missing variable stops it with exit code 78, naming the
variable. SIGINT or SIGTERM closes it.

${bffEnvUsage()}`;

let help = false;
try {
  help = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values.help === true;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(64);
}
if (help) {
  console.log(usage);
} else {
  await runBffServer(process.env);
}
