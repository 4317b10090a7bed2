export {
  type BffEnv,
  BffEnvSchema,
  bffEnvUsage,
  EnvError,
  type GoogleSettings,
  googleSettings,
  type OutlookSettings,
  outlookSettings,
  parseBffEnv,
  zoomScopes,
} from './env';
export { runBffServer } from './run-bff-server';
export { bffConfigFromEnv, type RunningBffServer, startBffServer } from './start-bff-server';
