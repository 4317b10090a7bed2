import { BffConfigError } from '../http/bff-config';
import { EnvError, parseBffEnv } from './env';
import { type RunningBffServer, startBffServer } from './start-bff-server';

/**
 * What `ats-zoom-bff` (and `apps/bff`) runs: validates the environment, starts the server and
 * drains it on SIGINT or SIGTERM. A bad or missing variable prints every problem and exits with
 * 78 (EX_CONFIG) before anything listens, and so does a config `createBff` refuses.
 */
export async function runBffServer(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningBffServer> {
  // The handlers go in before the server starts: a signal that comes while it starts (after it
  // logged that it listens, say) waits for the start and then drains, instead of killing it.
  let starting: Promise<RunningBffServer | undefined> = Promise.resolve(undefined);
  // A drain (see packages/bff README, "Shutdown"): exit 0 once every request is answered and
  // the store is closed, 1 past SHUTDOWN_TIMEOUT_MS. A second signal ends the process at once.
  const stop = () => {
    starting
      .then((server) => server?.drain())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let server: RunningBffServer;
  try {
    const started = startBffServer(parseBffEnv(env));
    starting = started.catch(() => undefined);
    server = await started;
  } catch (error) {
    if (error instanceof EnvError || error instanceof BffConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  return server;
}
