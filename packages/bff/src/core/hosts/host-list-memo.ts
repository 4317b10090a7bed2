import type { HostList } from '@ats-zoom/contract';
import type { Clock } from '../ports';
import { deepFreeze } from '../shared/deep-freeze';

/** How long a host list built wholly from the caches is answered again, at most. */
export const HOST_LIST_MEMO_TTL_MS = 1_000;
/** Host lists kept at most (one per tenant, caller and query); the oldest goes beyond it. */
export const HOST_LIST_MEMO_MAX_ENTRIES = 2_000;

/**
 * The host list of one caller and query, answered again while nothing it was built from could
 * have changed. It keeps only a list built wholly from the caches (the store's cached reads,
 * each host's cached schedule and calendar free/busy), and answers it again only while none of
 * those caches has been invalidated since (their generations stand still: no write of ours, no
 * webhook, no other instance's notice) and for at most `ttlMs`. So a kept list is what building
 * it again would answer, as of its `checkedAt`. Kept lists are frozen: the HTTP layer may
 * reuse their serialized form.
 */
export interface HostListMemo {
  answer(
    key: string,
    build: () => Promise<{ list: HostList; fromCaches: boolean }>,
  ): Promise<HostList>;
}

export function createHostListMemo(options: {
  clock: Clock;
  /** The caches' generations, in one string (see `Store.readCacheGeneration`). */
  generations: () => string;
  ttlMs?: number;
  maxEntries?: number;
}): HostListMemo {
  const ttlMs = options.ttlMs ?? HOST_LIST_MEMO_TTL_MS;
  const maxEntries = options.maxEntries ?? HOST_LIST_MEMO_MAX_ENTRIES;
  const entries = new Map<string, { at: number; generations: string; list: HostList }>();
  return {
    async answer(key, build) {
      const generations = options.generations();
      const kept = entries.get(key);
      if (kept) {
        if (kept.generations === generations && options.clock.now().getTime() - kept.at < ttlMs) {
          return kept.list;
        }
        entries.delete(key);
      }
      const at = options.clock.now().getTime();
      const { list, fromCaches } = await build();
      // A cache invalidated while the list was built may have answered for the old state.
      if (fromCaches && options.generations() === generations) {
        if (entries.size >= maxEntries) {
          for (const [old, entry] of entries) {
            if (at - entry.at >= ttlMs || entries.size >= maxEntries) entries.delete(old);
            else break;
          }
        }
        entries.set(key, { at, generations, list: deepFreeze(list) });
      }
      return list;
    },
  };
}
