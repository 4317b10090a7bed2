/** The host token limits `createBff` enforces (from @ats-zoom/contract, for env checks). */
export {
  HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS,
  HOST_TOKEN_MAX_AGE_LIMIT_SECONDS,
  HOST_TOKEN_SECRET_MIN_BYTES,
} from '@ats-zoom/contract';
export {
  createTokenCipher,
  DatabaseUrlError,
  loadOrCreateDevKeyring,
  type OpenStoreOptions,
  openStore,
  openStoreSchema,
  parseDatabaseUrl,
  parseKeyring,
  type SqliteDriverName,
  type StoreSchema,
} from './adapters';
export type {
  AuditEntry,
  Clock,
  ConnectionRecord,
  OAuthAttemptRecord,
  Store,
  StoreRepositories,
  TokenCipher,
} from './core/ports';
export type { Actor } from './core/shared/actor';
export {
  type BffConfig,
  BffConfigError,
  type BffDependencies,
  type BffRouter,
  bffConfigRules,
  createBff,
  defaultRateLimits,
  logRedactPaths,
  type MeetingTuning,
  type RateLimit,
  type RateLimitsConfig,
} from './http';
