import type { BusyPeriod, Clock, ConnectionRecord, HostedMeetingSummary } from '../ports';

/** The host's upcoming meetings at the meeting host. */
export interface HostSchedule {
  meetings: HostedMeetingSummary[];
}

/**
 * A brief per-connection cache of the host's upcoming Zoom meetings (and of the occurrences of
 * its series), for busy badges. Our own writes invalidate it; concurrent readers share one
 * fetch; a fetch overtaken by an invalidation is not cached.
 */
export interface HostScheduleCache {
  upcoming(connection: ConnectionRecord): Promise<HostSchedule>;
  /** When one of the host's series (a recurring meeting) takes place. */
  occurrences(connection: ConnectionRecord, meetingId: string): Promise<BusyPeriod[]>;
  /**
   * What `upcoming` and `occurrences` would answer from the cache right now, synchronously;
   * undefined when they would fetch (so a repeated busy check needs no promise or timer).
   */
  peekUpcoming(connection: ConnectionRecord): HostSchedule | undefined;
  peekOccurrences(connection: ConnectionRecord, meetingId: string): BusyPeriod[] | undefined;
  /**
   * The Zoom user's licence type behind the link (1 Basic, 2 Licensed; null when Zoom does not
   * say), read with the link's own token and cached like the schedule.
   */
  licence(connection: ConnectionRecord): Promise<number | null>;
  /**
   * How many meetings the host may run at once (1 unless its licence allows concurrent
   * meetings), cached like the schedule; asked only when a meeting of the host is in the slot.
   */
  concurrentMeetings(connection: ConnectionRecord): Promise<number>;
  peekConcurrentMeetings(connection: ConnectionRecord): number | undefined;
  invalidate(connectionId: string): void;
  /** Drops every entry (another instance's notifications may have been missed). */
  invalidateAll(): void;
  /**
   * Changes on every invalidation: what was built from `peek…` answers while it stood still
   * is still what they would answer (within the entries' lifetime).
   */
  generation(): number;
}

/**
 * The same for the Google free/busy of a host's owner: per Google link and time window. Our own
 * event writes on that calendar invalidate the link's entries.
 */
export interface CalendarBusyCache {
  busy(link: ConnectionRecord, window: BusyPeriod): Promise<BusyPeriod[]>;
  /** What `busy` would answer from the cache right now; undefined when it would fetch. */
  peek(link: ConnectionRecord, window: BusyPeriod): BusyPeriod[] | undefined;
  invalidate(googleConnectionId: string): void;
  /** Changes on every invalidation (see `HostScheduleCache.generation`). */
  generation(): number;
}

/** Values cached per group (a connection) and key, with the rules above. */
function createBriefCache<V>(options: { clock: Clock; ttlMs: number }) {
  const entries = new Map<string, Map<string, { at: number; value: V }>>();
  const inFlight = new Map<string, { generation: string; promise: Promise<V> }>();
  const generations = new Map<string, number>();
  /** Bumped by `invalidateAll`: a fetch begun before it is not cached either. */
  let epoch = 0;
  /** Bumped by every invalidation, of one group or all. */
  let changes = 0;
  const generationOf = (group: string) => `${epoch}/${generations.get(group) ?? 0}`;

  const fresh = (group: string, key: string) => {
    const cached = entries.get(group)?.get(key);
    return cached && options.clock.now().getTime() - cached.at < options.ttlMs ? cached : undefined;
  };

  return {
    /** The cached value while it is fresh, as `get` would answer it without loading. */
    peek: (group: string, key: string): V | undefined => fresh(group, key)?.value,
    get(group: string, key: string, load: () => Promise<V>): Promise<V> {
      const cached = fresh(group, key);
      if (cached) return Promise.resolve(cached.value);
      const generation = generationOf(group);
      const flightKey = `${group}\n${key}`;
      const running = inFlight.get(flightKey);
      if (running && running.generation === generation) return running.promise;
      const promise = load().then((value) => {
        if (generationOf(group) === generation) {
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
    generation: () => changes,
    invalidate(group: string) {
      changes += 1;
      entries.delete(group);
      generations.set(group, (generations.get(group) ?? 0) + 1);
    },
    invalidateAll() {
      changes += 1;
      entries.clear();
      generations.clear();
      epoch += 1;
    },
  };
}

export function createHostScheduleCache(options: {
  clock: Clock;
  ttlMs: number;
  load: (connection: ConnectionRecord) => Promise<HostSchedule>;
  loadOccurrences: (connection: ConnectionRecord, meetingId: string) => Promise<BusyPeriod[]>;
  loadLicence: (connection: ConnectionRecord) => Promise<number | null>;
  loadConcurrentMeetings: (connection: ConnectionRecord) => Promise<number>;
}): HostScheduleCache {
  const schedules = createBriefCache<HostSchedule>(options);
  const series = createBriefCache<BusyPeriod[]>(options);
  const licences = createBriefCache<number | null>(options);
  const capacities = createBriefCache<number>(options);
  return {
    upcoming: (connection) => schedules.get(connection.id, '', () => options.load(connection)),
    occurrences: (connection, meetingId) =>
      series.get(connection.id, meetingId, () => options.loadOccurrences(connection, meetingId)),
    peekUpcoming: (connection) => schedules.peek(connection.id, ''),
    peekOccurrences: (connection, meetingId) => series.peek(connection.id, meetingId),
    licence: (connection) => licences.get(connection.id, '', () => options.loadLicence(connection)),
    concurrentMeetings: (connection) =>
      capacities.get(connection.id, '', () => options.loadConcurrentMeetings(connection)),
    peekConcurrentMeetings: (connection) => capacities.peek(connection.id, ''),
    invalidate(connectionId) {
      schedules.invalidate(connectionId);
      series.invalidate(connectionId);
      licences.invalidate(connectionId);
      capacities.invalidate(connectionId);
    },
    invalidateAll() {
      schedules.invalidateAll();
      series.invalidateAll();
      licences.invalidateAll();
      capacities.invalidateAll();
    },
    generation: () =>
      schedules.generation() +
      series.generation() +
      licences.generation() +
      capacities.generation(),
  };
}

export function createCalendarBusyCache(options: {
  clock: Clock;
  ttlMs: number;
  load: (link: ConnectionRecord, window: BusyPeriod) => Promise<BusyPeriod[]>;
}): CalendarBusyCache {
  const cache = createBriefCache<BusyPeriod[]>(options);
  const keyOf = (window: BusyPeriod) => `${window.start.toISOString()}/${window.end.toISOString()}`;
  return {
    busy: (link, window) => cache.get(link.id, keyOf(window), () => options.load(link, window)),
    peek: (link, window) => cache.peek(link.id, keyOf(window)),
    invalidate: (googleConnectionId) => cache.invalidate(googleConnectionId),
    generation: () => cache.generation(),
  };
}
