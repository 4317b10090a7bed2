import type { Clock, LogPort, Store, TokenCipher } from '../ports';
import type { ProviderRegistry } from '../providers';
import type { AccessTokenSource } from './access-tokens';

/** Everything the use cases need, built once per `createBff` (no module-level state). */
export interface CoreDeps {
  store: Store;
  cipher: TokenCipher;
  clock: Clock;
  logger: LogPort;
  /** The configured providers (the meeting host always; each calendar when configured). */
  providers: ProviderRegistry;
  /** A usable access token of a live connection of any provider (refreshed when due). */
  accessTokens: AccessTokenSource;
}
