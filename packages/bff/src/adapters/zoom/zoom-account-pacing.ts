import type { MeetingHostPacing, RateLimitCounter, Store } from '../../core/ports';
import { ProviderRateLimitedError } from '../../core/shared/errors';

/**
 * Zoom's per-second limits are per account and per rate label, shared by every app and user
 * of the account (research: Light 30/s, Medium 20/s on Pro; Free 4/s and 2/s; Business and
 * above 80/s and 60/s). Meeting create and list are Medium, update/get/delete Light: one
 * budget at the Medium figure keeps both under their limits.
 */
export interface ZoomAccountPacingOptions {
  /** Calls per second per Zoom account (0 turns pacing off). @default 20 (Medium, Pro) */
  perSecond?: number;
  /** How long a call may wait for a slot before it is refused as rate limited. @default 3_000 */
  maxWaitMs?: number;
}

export const defaultZoomAccountPacing = { perSecond: 20, maxWaitMs: 3_000 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Per Zoom account, over the store's request counters: on PostgreSQL one budget shared by
 * every BFF instance (a row per account and second in `rate_limits`), on SQLite this process's
 * memory. Fixed one-second windows: at a window's edge up to twice the figure may pass within
 * a second, which the default's margin below Light's limit absorbs for the Light calls.
 */
export function createZoomAccountPacing(
  store: Pick<Store, 'rateLimitCounter'>,
  options: ZoomAccountPacingOptions = {},
): MeetingHostPacing | undefined {
  const perSecond = options.perSecond ?? defaultZoomAccountPacing.perSecond;
  const maxWaitMs = options.maxWaitMs ?? defaultZoomAccountPacing.maxWaitMs;
  if (perSecond <= 0) return undefined;
  const counter: RateLimitCounter = store.rateLimitCounter({
    name: 'zoom-account',
    limit: perSecond,
    windowSeconds: 1,
  });
  return {
    async slot(accountKey) {
      const giveUpAt = Date.now() + maxWaitMs;
      for (;;) {
        const take = await counter.take(accountKey);
        if (take.allowed) return;
        // Spread the waiters over the next window instead of all at its first millisecond.
        const wait = take.resetMs + Math.random() * 50;
        if (Date.now() + wait > giveUpAt) {
          throw new ProviderRateLimitedError(Math.max(1, Math.ceil(take.resetMs / 1000)));
        }
        await sleep(wait);
      }
    },
  };
}
