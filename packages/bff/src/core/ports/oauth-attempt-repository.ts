import type { Provider, Role } from '@ats-zoom/contract';

export type OAuthAttemptStatus = 'pending' | 'succeeded' | 'failed' | 'expired';

export interface OAuthAttemptRecord {
  id: string;
  /** SHA-256 (hex) of the `state` sent to the provider; the state itself is never stored. */
  stateHash: string;
  /** The PKCE code verifier, encrypted by the TokenCipher. */
  codeVerifierCiphertext: string;
  tenantId: string;
  userId: string;
  userName: string;
  role: Role;
  provider: Provider;
  /** Exact origin of the host page that opened the popup: the postMessage target. */
  returnOrigin: string;
  status: OAuthAttemptStatus;
  errorCode: string | null;
  connectionId: string | null;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  /** When the popup redeemed its start ticket (once). */
  startedAt: Date | null;
}

export interface OAuthAttemptRepository {
  insert(record: OAuthAttemptRecord): Promise<void>;
  findById(id: string): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Atomically marks the attempt with this state hash as consumed and returns it, if it exists,
   * is unconsumed and has not expired at `now`. Single use: a second call returns undefined.
   */
  consumeByStateHash(stateHash: string, now: Date): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Atomically records that the popup redeemed the attempt's start ticket. True for the first
   * call on a pending, unconsumed, unexpired attempt; false for every later one.
   */
  markStarted(id: string, now: Date): Promise<boolean>;
  /** Looks an attempt up by state hash without consuming it (for error reporting only). */
  findByStateHash(stateHash: string): Promise<OAuthAttemptRecord | undefined>;
  finish(
    id: string,
    result: {
      status: 'succeeded' | 'failed';
      errorCode: string | null;
      connectionId: string | null;
    },
  ): Promise<void>;
  /** Deletes attempts that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
  /**
   * Caps the live attempts (pending, unconsumed, unexpired at `now`) of `newest`'s owner at
   * `keep`: `newest` stays, so do the `keep - 1` most recently created others, and the rest
   * expire at `now`. Returns how many expired. Run after each insert: concurrent starts on
   * several instances still end with at most `keep` live.
   */
  expireLiveBeyond(
    newest: Pick<OAuthAttemptRecord, 'id' | 'tenantId' | 'userId'>,
    keep: number,
    now: Date,
  ): Promise<number>;
}
