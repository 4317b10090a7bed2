import { isValidTimeZone, wallClockAt, zonedTimeToUtc } from '../zoom/zoom-time';

/** Windows zone names Outlook uses, with their IANA equivalents (CLDR windowsZones). */
const WINDOWS_ZONES: Record<string, string> = {
  'Tokyo Standard Time': 'Asia/Tokyo',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Korea Standard Time': 'Asia/Seoul',
  'China Standard Time': 'Asia/Shanghai',
  'Taipei Standard Time': 'Asia/Taipei',
  'Singapore Standard Time': 'Asia/Singapore',
  'India Standard Time': 'Asia/Kolkata',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

/** The IANA zone for a Windows or IANA name; undefined when Outlook would not know it. */
export function ianaZoneOf(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  const windows = WINDOWS_ZONES[name];
  if (windows) return windows;
  return isValidTimeZone(name) ? name : undefined;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A `dateTimeTimeZone`'s wall time read in its zone (an offset, if present, wins). */
export function parseWallTime(dateTime: unknown, ianaZone: string): number | undefined {
  if (typeof dateTime !== 'string') return undefined;
  if (WITH_OFFSET.test(dateTime)) {
    const ms = Date.parse(dateTime);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const m = LOCAL.exec(dateTime);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const fraction = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return (
    zonedTimeToUtc(
      {
        year: year ?? 0,
        month: month ?? 0,
        day: day ?? 0,
        hour: hour ?? 0,
        minute: minute ?? 0,
        second: second ?? 0,
      },
      ianaZone,
    ) + fraction
  );
}

/** An ISO 8601 query value (calendarView's window): without an offset it is UTC, as in Graph. */
export function parseIsoInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseWallTime(value, 'UTC');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-10-02T01:00:00.0000000`: Graph's wall time in `ianaZone`, seven fraction digits. */
export function formatWallTime(ms: number, ianaZone: string): string {
  const w = wallClockAt(ms, ianaZone);
  const fraction = pad(((ms % 1000) + 1000) % 1000, 3);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${fraction}0000`;
}

/** `2025-10-01T00:00:00.1234567Z`-like UTC stamps for created/lastModified. */
export function formatUtcStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

/**
 * The zone of `Prefer: outlook.timezone="…"` as the name to echo and the IANA zone to render
 * in; UTC when absent or unknown.
 */
export function preferredZone(header: string | undefined): { name: string; iana: string } {
  const match = /outlook\.timezone\s*=\s*"([^"]*)"/i.exec(header ?? '');
  const name = match?.[1];
  const iana = ianaZoneOf(name);
  return name && iana ? { name, iana } : { name: 'UTC', iana: 'UTC' };
}
