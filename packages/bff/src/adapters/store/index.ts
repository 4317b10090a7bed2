export { constraintNames } from './migrations';
export { defaultSqlitePath, type OpenStoreOptions, openStore } from './open-store';
