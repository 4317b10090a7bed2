import type { AccessTokenSource } from './access-tokens';
import type { Clock, LogPort, Store, TokenCipher, ZoomOAuthPort, ZoomUsersPort } from './ports';

/** Everything the use cases need, built once per `createBff` (no module-level state). */
export interface CoreDeps {
  store: Store;
  cipher: TokenCipher;
  clock: Clock;
  logger: LogPort;
  zoomOAuth: ZoomOAuthPort;
  zoomUsers: ZoomUsersPort;
  accessTokens: AccessTokenSource;
}
