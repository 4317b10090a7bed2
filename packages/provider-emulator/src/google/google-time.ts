import { isValidTimeZone, offsetMs, wallClockAt, zonedTimeToUtc } from '../zoom/zoom-time';

export { isValidTimeZone };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An RFC 3339 instant with an offset; undefined otherwise. */
export function parseRfc3339(value: unknown): number | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A `dateTime` without offset, read in `timeZone` (Google accepts it when timeZone is given). */
export function parseLocalDateTime(value: string, timeZone: string): number | undefined {
  const m = LOCAL.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  return zonedTimeToUtc(
    {
      year: year ?? 0,
      month: month ?? 0,
      day: day ?? 0,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: second ?? 0,
    },
    timeZone,
  );
}

/** A `yyyy-mm-dd` all-day date as midnight of that day in `timeZone`. */
export function parseDate(value: string, timeZone: string): number | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = m.slice(1, 4).map(Number) as number[];
  return zonedTimeToUtc(
    { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0, second: 0 },
    timeZone,
  );
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2025-10-02T10:00:00+09:00`: how Google renders a dateTime in a calendar's zone. */
export function formatInZone(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const w = wallClockAt(ms, timeZone);
  const offsetMinutes = Math.round(offsetMs(ms, timeZone) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offset}`;
}

/** `2025-10-01T00:00:00.000Z`: Google's `created`/`updated` and freeBusy echo format. */
export function formatUtcMillis(ms: number): string {
  return new Date(ms).toISOString();
}
