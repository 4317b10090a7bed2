export { type DrainSettings, DrainTimeoutError } from './drain';
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
export { MIGRATIONS_PENDING_EXIT_CODE, runMigrateCommand } from './migrate-command';
export { runBffServer } from './run-bff-server';
export { bffConfigFromEnv, type RunningBffServer, startBffServer } from './start-bff-server';
