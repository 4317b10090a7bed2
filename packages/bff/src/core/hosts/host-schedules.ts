import type { BusyPeriod, Clock, ConnectionRecord, HostedMeetingSummary } from '../ports';

/**
 * A brief per-connection cache of the host's upcoming Zoom meetings, for busy badges. Our own
 * writes invalidate it; concurrent readers share one fetch; a fetch overtaken by an
 * invalidation is not cached.
 */
export interface HostScheduleCache {
  upcoming(connection: ConnectionRecord): Promise<HostedMeetingSummary[]>;
  invalidate(connectionId: string): void;
}

/**
 * The same for the Google free/busy of a host's owner: per Google link and time window. Our own
 * event writes on that calendar invalidate the link's entries.
 */
export interface CalendarBusyCache {
  busy(link: ConnectionRecord, window: BusyPeriod): Promise<BusyPeriod[]>;
  invalidate(googleConnectionId: string): void;
}

/** Values cached per group (a connection) and key, with the rules above. */
function createBriefCache<V>(options: { clock: Clock; ttlMs: number }) {
  const entries = new Map<string, Map<string, { at: number; value: V }>>();
  const inFlight = new Map<string, { generation: number; promise: Promise<V> }>();
  const generations = new Map<string, number>();

  return {
    get(group: string, key: string, load: () => Promise<V>): Promise<V> {
      const now = options.clock.now().getTime();
      const cached = entries.get(group)?.get(key);
      if (cached && now - cached.at < options.ttlMs) return Promise.resolve(cached.value);
      const generation = generations.get(group) ?? 0;
      const flightKey = `${group}\n${key}`;
      const running = inFlight.get(flightKey);
      if (running && running.generation === generation) return running.promise;
      const promise = load().then((value) => {
        if ((generations.get(group) ?? 0) === generation) {
          const forGroup = entries.get(group) ?? new Map();
          // Expired windows of this group go when a new one is stored: the map stays small.
          const at = options.clock.now().getTime();
          for (const [old, entry] of forGroup) {
            if (at - entry.at >= options.ttlMs) forGroup.delete(old);
          }
          forGroup.set(key, { at, value });
          entries.set(group, forGroup);
        }
        return value;
      });
      const entry = { generation, promise };
      inFlight.set(flightKey, entry);
      const settle = () => {
        if (inFlight.get(flightKey) === entry) inFlight.delete(flightKey);
      };
      promise.then(settle, settle);
      return promise;
    },
    invalidate(group: string) {
      entries.delete(group);
      generations.set(group, (generations.get(group) ?? 0) + 1);
    },
  };
}

export function createHostScheduleCache(options: {
  clock: Clock;
  ttlMs: number;
  load: (connection: ConnectionRecord) => Promise<HostedMeetingSummary[]>;
}): HostScheduleCache {
  const cache = createBriefCache<HostedMeetingSummary[]>(options);
  return {
    upcoming: (connection) => cache.get(connection.id, '', () => options.load(connection)),
    invalidate: (connectionId) => cache.invalidate(connectionId),
  };
}

export function createCalendarBusyCache(options: {
  clock: Clock;
  ttlMs: number;
  load: (link: ConnectionRecord, window: BusyPeriod) => Promise<BusyPeriod[]>;
}): CalendarBusyCache {
  const cache = createBriefCache<BusyPeriod[]>(options);
  return {
    busy: (link, window) =>
      cache.get(link.id, `${window.start.toISOString()}/${window.end.toISOString()}`, () =>
        options.load(link, window),
      ),
    invalidate: (googleConnectionId) => cache.invalidate(googleConnectionId),
  };
}
