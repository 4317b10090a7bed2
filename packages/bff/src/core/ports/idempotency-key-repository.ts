export interface IdempotencyScope {
  tenantId: string;
  userId: string;
  /** The route name of the contract, e.g. `saveInterviewMeeting`. */
  route: string;
  key: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; status: number; body: unknown };

export interface IdempotencyKeyRepository {
  /**
   * Atomically claims the key (INSERT ... ON CONFLICT DO NOTHING). When it exists: `mismatch`
   * for another request hash, `in_flight` while its first request runs, else the stored answer.
   * An in-flight claim older than `staleBefore` (its process died) is taken over.
   */
  claim(
    scope: IdempotencyScope,
    requestHash: string,
    now: Date,
    staleBefore: Date,
  ): Promise<IdempotencyClaim>;
  /** Stores the answer of the claimed request: later requests with the key replay it. */
  complete(scope: IdempotencyScope, status: number, body: unknown, at: Date): Promise<void>;
  /** Drops an in-flight claim whose request failed, so the client may retry with the key. */
  release(scope: IdempotencyScope): Promise<void>;
  /** Deletes keys created before `before`; returns how many. */
  deleteCreatedBefore(before: Date): Promise<number>;
}
