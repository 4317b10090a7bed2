import { isProvider, type Provider } from './providers';

export const OAUTH_RESULT_MESSAGE_TYPE = 'ats-zoom:oauth-result';

/**
 * What the OAuth callback page posts to its opener, with the exact host origin as target.
 * Never carries a code, a token or an e-mail.
 */
export interface OAuthResultMessage {
  type: typeof OAUTH_RESULT_MESSAGE_TYPE;
  provider: Provider;
  attemptId: string;
  ok: boolean;
}

/**
 * Whether a `message` event's data is an OAuth result. The opener checks this in the browser,
 * where zod is not shipped; `OAuthResultMessageSchema` says the same for server code (tested).
 */
export function isOAuthResultMessage(value: unknown): value is OAuthResultMessage {
  // A primitive, null or undefined has no `type` of that value: all are refused by the first test.
  const message = value as Record<string, unknown> | null | undefined;
  return (
    message?.type === OAUTH_RESULT_MESSAGE_TYPE &&
    isProvider(message.provider) &&
    typeof message.attemptId === 'string' &&
    typeof message.ok === 'boolean'
  );
}
