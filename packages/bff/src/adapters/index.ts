export {
  createTokenCipher,
  devKeyFileName,
  type Keyring,
  loadOrCreateDevKeyring,
  parseKeyring,
  TokenDecryptionError,
  type TokenDecryptionFailure,
} from './crypto/token-cipher';
export * from './microsoft';
export {
  constraintNames,
  type DatabaseTarget,
  DatabaseUrlError,
  databaseUrlForms,
  defaultSqlitePath,
  type OpenStoreOptions,
  openStore,
  openStoreSchema,
  parseDatabaseUrl,
  redactDatabaseUrl,
  type SqliteDriverName,
  type StoreSchema,
  sqliteDriverNames,
} from './store';
