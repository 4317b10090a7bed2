/**
 * Paces calls to the meeting host per host account: a provider's per-second limits count
 * per account (a company's hosts share them), not per host user or per app instance.
 */
export interface MeetingHostPacing {
  /**
   * Resolves when `accountKey` (the provider account id, or the user's when unknown) may make
   * one more call now; waits for the next window when its budget is spent. Throws
   * `ProviderRateLimitedError` when no slot comes within the pacing's wait limit.
   */
  slot(accountKey: string): Promise<void>;
}
