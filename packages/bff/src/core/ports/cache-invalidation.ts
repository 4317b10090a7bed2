/**
 * What one BFF instance tells the others about caches it holds per connection (the host
 * list's Zoom schedule): "drop what you cached for these connections". On PostgreSQL it
 * reaches every instance on the same database and schema (LISTEN/NOTIFY); on SQLite (one
 * process owns the file) it reaches the other routers on the same store only.
 */
export interface CacheInvalidationListener {
  /** Another instance changed what these connections' cached entries reflect. */
  invalidate(connectionIds: readonly string[]): void;
  /**
   * Notifications may have been missed (the listening connection was lost and is back):
   * drop every cached entry.
   */
  invalidateAll(): void;
}

/** One instance's membership: it publishes to all the others and hears theirs. */
export interface CacheInvalidationMember {
  /**
   * Tells every other member. Call it after the write that made the entries stale committed
   * (a member that reloads at once must see the new state). Never throws: a lost notification
   * is logged, and the other instances catch up within the cache's TTL.
   */
  publish(connectionIds: readonly string[]): Promise<void>;
  /** Leaves: no more notifications; the listening connection closes with the last member. */
  close(): Promise<void>;
}

export interface CacheInvalidationBus {
  join(listener: CacheInvalidationListener): CacheInvalidationMember;
}
