export {
  createTokenCipher,
  DatabaseUrlError,
  loadOrCreateDevKeyring,
  type OpenStoreOptions,
  openStore,
  parseDatabaseUrl,
  parseKeyring,
  type SqliteDriverName,
} from './adapters';
export type { Actor } from './core/actor';
export type {
  AuditEntry,
  Clock,
  ConnectionRecord,
  OAuthAttemptRecord,
  Store,
  StoreRepositories,
  TokenCipher,
} from './core/ports';
export {
  type BffConfig,
  type BffDependencies,
  type BffRouter,
  createBff,
  logRedactPaths,
  type MeetingTuning,
} from './http';
