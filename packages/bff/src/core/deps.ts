import type { AccessTokenSource } from './access-tokens';
import type {
  Clock,
  GoogleOAuthPort,
  LogPort,
  Store,
  TokenCipher,
  ZoomOAuthPort,
  ZoomUsersPort,
} from './ports';

/** Everything the use cases need, built once per `createBff` (no module-level state). */
export interface CoreDeps {
  store: Store;
  cipher: TokenCipher;
  clock: Clock;
  logger: LogPort;
  zoomOAuth: ZoomOAuthPort;
  zoomUsers: ZoomUsersPort;
  /** Absent when the BFF is configured without Google: Google cannot be connected. */
  googleOAuth?: GoogleOAuthPort;
  /** A usable access token of a live Zoom or Google connection (refreshed when due). */
  accessTokens: AccessTokenSource;
}
