export {
  type DatabaseTarget,
  DatabaseUrlError,
  databaseUrlForms,
  parseDatabaseUrl,
  redactDatabaseUrl,
} from './database-url';
export { constraintNames } from './migrations';
export {
  defaultSqlitePath,
  type OpenStoreOptions,
  openStore,
  openStoreSchema,
  type StoreSchema,
} from './open-store';
export { type SqliteDriverName, sqliteDriverNames } from './sqlite-driver';
