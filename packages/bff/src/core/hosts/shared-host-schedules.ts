import type { CacheInvalidationBus, LogPort } from '../ports';
import type { HostScheduleCache } from './host-schedules';

/**
 * The host-list cache of one instance, kept in step with the others on the store: an
 * invalidation here (our own write, a webhook processed here) drops the entry here and is
 * published; one published elsewhere drops it here. Without a bus it stays local.
 */
export function shareHostScheduleInvalidations(
  local: HostScheduleCache,
  bus: CacheInvalidationBus | undefined,
  logger: Pick<LogPort, 'warn'>,
): { cache: HostScheduleCache; close(): Promise<void> } {
  if (!bus) return { cache: local, close: async () => undefined };
  const member = bus.join({
    invalidate(ids) {
      for (const id of ids) local.invalidate(id);
    },
    invalidateAll() {
      local.invalidateAll();
    },
  });
  const cache: HostScheduleCache = {
    upcoming: (connection) => local.upcoming(connection),
    occurrences: (connection, meetingId) => local.occurrences(connection, meetingId),
    peekUpcoming: (connection) => local.peekUpcoming(connection),
    peekOccurrences: (connection, meetingId) => local.peekOccurrences(connection, meetingId),
    licence: (connection) => local.licence(connection),
    concurrentMeetings: (connection) => local.concurrentMeetings(connection),
    peekConcurrentMeetings: (connection) => local.peekConcurrentMeetings(connection),
    invalidate(connectionId) {
      local.invalidate(connectionId);
      member.publish([connectionId]).catch((error: unknown) => {
        logger.warn({ err: error }, 'host schedule invalidation not published');
      });
    },
    invalidateAll: () => local.invalidateAll(),
    generation: () => local.generation(),
  };
  return { cache, close: () => member.close() };
}
