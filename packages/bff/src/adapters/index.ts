export {
  createTokenCipher,
  devKeyFileName,
  type Keyring,
  loadOrCreateDevKeyring,
  parseKeyring,
  TokenDecryptionError,
  type TokenDecryptionFailure,
} from './crypto/token-cipher';
export { constraintNames, defaultSqlitePath, type OpenStoreOptions, openStore } from './store';
