import type { Clock, ConnectionRecord, ZoomMeetingSummary } from './ports';

/**
 * A brief per-connection cache of the host's upcoming Zoom meetings, for busy badges. Our own
 * writes invalidate it; concurrent readers share one fetch; a fetch overtaken by an
 * invalidation is not cached.
 */
export interface HostScheduleCache {
  upcoming(connection: ConnectionRecord): Promise<ZoomMeetingSummary[]>;
  invalidate(connectionId: string): void;
}

export function createHostScheduleCache(options: {
  clock: Clock;
  ttlMs: number;
  load: (connection: ConnectionRecord) => Promise<ZoomMeetingSummary[]>;
}): HostScheduleCache {
  const entries = new Map<string, { at: number; meetings: ZoomMeetingSummary[] }>();
  const inFlight = new Map<
    string,
    { generation: number; promise: Promise<ZoomMeetingSummary[]> }
  >();
  const generations = new Map<string, number>();

  return {
    upcoming(connection) {
      const now = options.clock.now().getTime();
      const cached = entries.get(connection.id);
      if (cached && now - cached.at < options.ttlMs) return Promise.resolve(cached.meetings);
      const generation = generations.get(connection.id) ?? 0;
      const running = inFlight.get(connection.id);
      if (running && running.generation === generation) return running.promise;
      const promise = options.load(connection).then((meetings) => {
        if ((generations.get(connection.id) ?? 0) === generation) {
          entries.set(connection.id, { at: options.clock.now().getTime(), meetings });
        }
        return meetings;
      });
      const entry = { generation, promise };
      inFlight.set(connection.id, entry);
      const settle = () => {
        if (inFlight.get(connection.id) === entry) inFlight.delete(connection.id);
      };
      promise.then(settle, settle);
      return promise;
    },
    invalidate(connectionId) {
      entries.delete(connectionId);
      generations.set(connectionId, (generations.get(connectionId) ?? 0) + 1);
    },
  };
}
