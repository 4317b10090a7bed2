import type {
  ApprovalWaitRepository,
  CacheInvalidationBus,
  ConnectionRecord,
  ConnectionRepository,
  DeactivatedUserRecord,
  MeetingRecord,
  MeetingRepository,
  StoreRepositories,
  UserStatusRepository,
} from '../../core/ports';
import { deepFreeze } from '../../core/shared/deep-freeze';

/** How long a cached read may answer at most (the safety net when a notification is lost). */
export const STORE_READ_CACHE_TTL_MS = 5_000;
/** Cached reads kept at most; the oldest goes beyond it. */
export const STORE_READ_CACHE_MAX_ENTRIES = 10_000;
/**
 * The id published on the cache invalidation bus when a cached table changed: other instances
 * drop every cached read (the per-connection caches see an id that is no connection's).
 */
export const STORE_READ_CACHE_BUS_ID = 'store-read-cache';

/**
 * The repositories whose reads are cached, with their read methods: every other method of
 * theirs is taken for a write (a method added later drops the cache until it is listed here).
 */
const READS = {
  connections: ['findById', 'findForUser', 'findLiveByProviderUser', 'listForTenant'],
  userStatuses: ['find', 'listDeactivated'],
  approvalWaits: ['find'],
  meetings: [
    'findByInterview',
    'findByHostMeetingId',
    'listOverlapping',
    'nextMeetingsForCandidates',
  ],
} as const satisfies { [R in keyof StoreRepositories]?: readonly (keyof StoreRepositories[R])[] };
type CachedRepository = keyof typeof READS;

export interface StoreReadCache {
  /** The store's own repositories with the hot reads cached and the writes dropping them. */
  root(repositories: StoreRepositories): StoreRepositories;
  /** Repositories read uncached, each write dropping the cache around it (it commits alone). */
  uncached(repositories: StoreRepositories): StoreRepositories;
  /**
   * Runs a unit of work whose writes commit together when it settles (a transaction): the
   * repositories `observe` wraps drop the cache on each write, and again (telling the other
   * instances) once the work settled, so a read begun before the commit is not kept.
   */
  unitOfWork<T>(
    run: (observe: (repositories: StoreRepositories) => StoreRepositories) => Promise<T>,
  ): Promise<T>;
  /** Changes on every drop (see `Store.readCacheGeneration`). */
  generation(): number;
  close(): Promise<void>;
}

/**
 * A brief cache of the reads every request repeats: the caller's deactivation (each request's
 * token check), the caller's links and approval wait (`GET /v1/connections/me`), and the
 * tenant's links, deactivated users and meetings in a slot (`GET /v1/hosts`). Any write to
 * those tables, through any repository of this store (root, transaction, connection lock),
 * drops every entry before it runs and again after it committed; a read that began before a
 * drop is not kept. With a bus (PostgreSQL), a commit here is published and one published
 * elsewhere drops the entries here; a lost notification ends with the bus's reconnect (which
 * drops everything) or the TTL. Cached values are frozen and shared (lists are copied per
 * answer): callers never mutate a record a store read answered, its dates included.
 */
export function createStoreReadCache(options: {
  /** Milliseconds of a monotonic or wall clock. @default Date.now */
  now?: () => number;
  bus?: CacheInvalidationBus | undefined;
  ttlMs?: number;
  maxEntries?: number;
}): StoreReadCache {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? STORE_READ_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? STORE_READ_CACHE_MAX_ENTRIES;
  const entries = new Map<string, { at: number; value: unknown }>();
  let generation = 0;
  const drop = () => {
    generation += 1;
    entries.clear();
  };
  const member = options.bus?.join({
    invalidate(ids) {
      if (ids.includes(STORE_READ_CACHE_BUS_ID)) drop();
    },
    invalidateAll: drop,
  });
  const committed = () => {
    drop();
    member?.publish([STORE_READ_CACHE_BUS_ID]).catch(() => undefined);
  };

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value as T;
    const before = generation;
    const value = await load();
    if (before === generation) {
      if (hit) entries.delete(key);
      else if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { at: now(), value: deepFreeze(value) });
    }
    return value;
  }

  /** Every method of a cached repository but its reads drops the cache around its write. */
  function observeWrites<N extends CachedRepository>(
    name: N,
    repository: StoreRepositories[N],
    around: <T>(write: () => Promise<T>) => Promise<T>,
  ): StoreRepositories[N] {
    const reads: readonly string[] = READS[name];
    const observed: Record<string, unknown> = {};
    for (const [methodName, method] of Object.entries(repository)) {
      observed[methodName] =
        typeof method === 'function' && !reads.includes(methodName)
          ? (...args: unknown[]) =>
              around(() =>
                (method as (...args: unknown[]) => Promise<unknown>).apply(repository, args),
              )
          : method;
    }
    return observed as unknown as StoreRepositories[N];
  }

  const writeCommitsAlone = async <T>(write: () => Promise<T>): Promise<T> => {
    drop();
    try {
      return await write();
    } finally {
      committed();
    }
  };

  function withWrites(
    repositories: StoreRepositories,
    around: <T>(write: () => Promise<T>) => Promise<T>,
  ): StoreRepositories {
    return {
      ...repositories,
      connections: observeWrites('connections', repositories.connections, around),
      userStatuses: observeWrites('userStatuses', repositories.userStatuses, around),
      approvalWaits: observeWrites('approvalWaits', repositories.approvalWaits, around),
      meetings: observeWrites('meetings', repositories.meetings, around),
    };
  }

  return {
    root(repositories) {
      const written = withWrites(repositories, writeCommitsAlone);
      const connections: ConnectionRepository = {
        ...written.connections,
        listForTenant: (tenantId, provider) =>
          cached(key('links', tenantId, provider), () =>
            repositories.connections.listForTenant(tenantId, provider),
          ).then(copyList<ConnectionRecord>),
        findForUser: (tenantId, userId, provider) =>
          cached(key('link', tenantId, userId, provider), () =>
            repositories.connections.findForUser(tenantId, userId, provider),
          ),
      };
      const deactivatedOf = (tenantId: string) =>
        cached(key('deactivated', tenantId), () =>
          repositories.userStatuses.listDeactivated(tenantId),
        );
      const userStatuses: UserStatusRepository = {
        ...written.userStatuses,
        find: (tenantId, userId) =>
          cached(key('deactivation', tenantId, userId), () =>
            repositories.userStatuses.find(tenantId, userId),
          ),
        // The same rows as the store's filter (ordered by user id), from the tenant's list.
        listDeactivated: async (tenantId, userIds) => {
          if (userIds === undefined) return copyList(await deactivatedOf(tenantId));
          if (userIds.length === 0) return [];
          const asked = new Set(userIds);
          return (await deactivatedOf(tenantId)).filter((record: DeactivatedUserRecord) =>
            asked.has(record.userId),
          );
        },
      };
      const approvalWaits: ApprovalWaitRepository = {
        ...written.approvalWaits,
        find: async (tenantId, userId) => {
          const since = await cached(key('approval-wait', tenantId, userId), () =>
            repositories.approvalWaits.find(tenantId, userId),
          );
          return since && new Date(since.getTime());
        },
      };
      const meetings: MeetingRepository = {
        ...written.meetings,
        listOverlapping: (input) =>
          cached(
            key(
              'overlapping',
              input.tenantId,
              String(input.start.getTime()),
              String(input.end.getTime()),
              ...input.connectionIds,
            ),
            () => repositories.meetings.listOverlapping(input),
          ).then(copyList<MeetingRecord>),
      };
      return { ...written, connections, userStatuses, approvalWaits, meetings };
    },

    uncached: (repositories) => withWrites(repositories, writeCommitsAlone),

    async unitOfWork(run) {
      let wrote = false;
      try {
        return await run((repositories) =>
          withWrites(repositories, (write) => {
            wrote = true;
            drop();
            return write();
          }),
        );
      } finally {
        if (wrote) committed();
      }
    },

    generation: () => generation,

    async close() {
      drop();
      await member?.close();
    },
  };
}

/** NUL never occurs in an id, so the parts cannot run into each other. */
const key = (...parts: string[]) => parts.join('\u0000');

const copyList = <T>(list: readonly T[]): T[] => [...list];
