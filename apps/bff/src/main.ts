import { BffConfigError } from '@ats-zoom/bff';
import { EnvError, parseBffEnv } from './env';
import { startBffServer } from './server';

try {
  const env = parseBffEnv(process.env);
  const server = await startBffServer(env);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof EnvError || error instanceof BffConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
