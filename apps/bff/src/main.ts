import { runBffServer } from '@ats-zoom/bff/server';

/** The BFF as a service, from this repository: `pnpm --filter @ats-zoom/bff-server start`. */
await runBffServer(process.env);
