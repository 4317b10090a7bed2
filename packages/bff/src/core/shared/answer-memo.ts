import type { Clock } from '../ports';
import { deepFreeze } from './deep-freeze';

/** How long an answer is given again, at most. */
export const ANSWER_MEMO_TTL_MS = 1_000;
/** Answers kept at most (one per key: tenant, caller, query); the oldest goes beyond it. */
export const ANSWER_MEMO_MAX_ENTRIES = 2_000;

/**
 * An answer built from cached sources, given again while none of those sources could have
 * changed. It keeps an answer only when its builder says it was built wholly from them (a
 * host list whose every busy check came from the caches; a read of the store's cached tables),
 * and gives it again only while none of those caches has been invalidated since (their
 * generations stand still: no write of ours, no webhook, no other instance's notice) and for at
 * most `ttlMs`. So a kept answer is what building it again would answer, as of when it was
 * built. Kept answers are frozen: the HTTP layer checks and serializes each once.
 */
export interface AnswerMemo<T> {
  answer(key: string, build: () => Promise<{ value: T; keep: boolean }>): Promise<T>;
}

export function createAnswerMemo<T extends object>(options: {
  clock: Clock;
  /** The sources' generations, in one string (see `Store.readCacheGeneration`). */
  generations: () => string;
  ttlMs?: number;
  maxEntries?: number;
}): AnswerMemo<T> {
  const ttlMs = options.ttlMs ?? ANSWER_MEMO_TTL_MS;
  const maxEntries = options.maxEntries ?? ANSWER_MEMO_MAX_ENTRIES;
  const entries = new Map<string, { at: number; generations: string; value: T }>();
  return {
    async answer(key, build) {
      const generations = options.generations();
      const kept = entries.get(key);
      if (kept) {
        if (kept.generations === generations && options.clock.now().getTime() - kept.at < ttlMs) {
          return kept.value;
        }
        entries.delete(key);
      }
      const at = options.clock.now().getTime();
      const { value, keep } = await build();
      // A source invalidated while the answer was built may have answered for the old state.
      if (keep && options.generations() === generations) {
        if (entries.size >= maxEntries) {
          for (const [old, entry] of entries) {
            if (at - entry.at >= ttlMs || entries.size >= maxEntries) entries.delete(old);
            else break;
          }
        }
        entries.set(key, { at, generations, value: deepFreeze(value) });
      }
      return value;
    },
  };
}
