import type { Store } from '../ports';

/**
 * Runs tasks one at a time per key. Saves and deletes of one interview go through it so two
 * requests with different idempotency keys, on this BFF instance or another one on the same
 * database, can never both create a meeting.
 */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** A `KeyedMutex` over the store's cross-instance `withKeyLock`, in one namespace. */
export function createStoreKeyedMutex(
  store: Pick<Store, 'withKeyLock'>,
  namespace: string,
): KeyedMutex {
  return { run: (key, task) => store.withKeyLock(namespace, key, task) };
}
