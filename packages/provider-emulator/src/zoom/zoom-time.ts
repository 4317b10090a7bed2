/** Zoom writes instants as `yyyy-MM-ddTHH:mm:ssZ`: UTC, no milliseconds. */
export function formatZoomTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

export function offsetMs(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given local time. */
export function zonedTimeToUtc(local: WallClock, timeZone: string): number {
  const guess = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  const first = guess - offsetMs(guess, timeZone);
  // A second pass settles the offset when the first guess crossed a DST change.
  return guess - offsetMs(first, timeZone);
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Zoom's `start_time`: UTC with `Z` (an explicit offset is accepted too), or a local time
 * without offset read in `timeZone` (research §4). Undefined when it is not a time.
 */
export function parseZoomStartTime(value: string, timeZone: string): number | undefined {
  const local = LOCAL_TIME.exec(value);
  if (local) {
    const [, year, month, day, hour, minute, second] = local.map(Number) as number[];
    const wall = {
      year: year as number,
      month: month as number,
      day: day as number,
      hour: hour as number,
      minute: minute as number,
      second: second as number,
    };
    if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31) return undefined;
    if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
    return zonedTimeToUtc(wall, timeZone);
  }
  if (!WITH_OFFSET.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000) * 1000;
}

/** `hour:minute` local time on the day after `nowMs`'s day in `timeZone`. */
export function tomorrowAt(nowMs: number, timeZone: string, hour: number, minute = 0): number {
  const today = wallClockAt(nowMs, timeZone);
  const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return zonedTimeToUtc(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour,
      minute,
      second: 0,
    },
    timeZone,
  );
}

/** The next 00:00:00 UTC after `nowMs`: when Zoom's daily limits reset. */
export function nextUtcMidnight(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}
