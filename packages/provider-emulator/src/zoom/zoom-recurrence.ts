/**
 * Recurring meetings with a fixed time (type 8): the `recurrence` object of Zoom's create body
 * and the occurrences it produces.
 *
 * Emulation rules (from Zoom's published meeting API description):
 * - `type` 1 daily (every `repeat_interval` days), 2 weekly (`weekly_days` "1".."7", 1 = Sunday,
 *   every `repeat_interval` weeks; default the start's weekday), 3 monthly (`monthly_day` 1-31,
 *   every `repeat_interval` months; a month without that day is skipped).
 * - The series ends after `end_times` occurrences (default 1, at most 365 accepted) or at
 *   `end_date_time`, never both; a series has at most 50 occurrences (Zoom's limit).
 * - Days are counted on the UTC calendar from the first `start_time` (the emulator does not move
 *   occurrences across daylight-saving changes).
 * - `occurrence_id` is the occurrence's start in epoch milliseconds, as Zoom's examples show.
 */
export interface ZoomRecurrence {
  type: 1 | 2 | 3;
  repeat_interval: number;
  weekly_days?: string;
  monthly_day?: number;
  end_times?: number;
  end_date_time?: string;
}

export const MAX_OCCURRENCES = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

type FieldError = { field: string; message: string };

/** Checks a `recurrence` body; the errors use Zoom's field paths. */
export function parseRecurrence(
  value: unknown,
): { ok: true; recurrence: ZoomRecurrence } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const invalid = (field: string) =>
    errors.push({ field: `recurrence.${field}`, message: 'Invalid field.' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: 'recurrence', message: 'Invalid field.' }] };
  }
  const body = value as Record<string, unknown>;
  const type = body.type;
  if (type !== 1 && type !== 2 && type !== 3) invalid('type');
  const interval = body.repeat_interval ?? 1;
  const maxInterval = type === 1 ? 90 : type === 2 ? 12 : 3;
  if (!Number.isInteger(interval) || (interval as number) < 1 || (interval as number) > maxInterval)
    invalid('repeat_interval');
  const recurrence: ZoomRecurrence = {
    type: type as 1 | 2 | 3,
    repeat_interval: interval as number,
  };
  if (body.weekly_days !== undefined) {
    if (typeof body.weekly_days !== 'string' || !/^[1-7](,[1-7])*$/.test(body.weekly_days))
      invalid('weekly_days');
    else recurrence.weekly_days = body.weekly_days;
  }
  if (body.monthly_day !== undefined) {
    const day = body.monthly_day;
    if (!Number.isInteger(day) || (day as number) < 1 || (day as number) > 31)
      invalid('monthly_day');
    else recurrence.monthly_day = day as number;
  }
  if (body.end_times !== undefined && body.end_date_time !== undefined) {
    errors.push({
      field: 'recurrence.end_date_time',
      message: 'end_times and end_date_time cannot be used together.',
    });
  } else if (body.end_date_time !== undefined) {
    const end = typeof body.end_date_time === 'string' ? Date.parse(body.end_date_time) : NaN;
    if (Number.isNaN(end)) invalid('end_date_time');
    else recurrence.end_date_time = body.end_date_time as string;
  } else {
    const times = body.end_times ?? 1;
    if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > 365)
      invalid('end_times');
    else recurrence.end_times = times as number;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, recurrence };
}

/** The occurrences' start times (epoch ms) of a series beginning at `startMs`. */
export function occurrenceStarts(startMs: number, recurrence: ZoomRecurrence): number[] {
  const endMs = recurrence.end_date_time ? Date.parse(recurrence.end_date_time) : Infinity;
  const limit = Math.min(recurrence.end_times ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const starts: number[] = [];
  const push = (ms: number) => {
    if (ms >= startMs && ms <= endMs && starts.length < limit) starts.push(ms);
  };
  const start = new Date(startMs);
  const interval = recurrence.repeat_interval;
  // Enough candidate steps for 50 occurrences (weekly: a step is a day).
  for (let step = 0; starts.length < limit && step < 4000; step++) {
    if (recurrence.type === 1) {
      push(startMs + step * interval * DAY_MS);
    } else if (recurrence.type === 2) {
      const days = (recurrence.weekly_days ?? String(start.getUTCDay() + 1))
        .split(',')
        .map((d) => Number(d) - 1);
      const dayMs = startMs + step * DAY_MS;
      const weekday = new Date(dayMs).getUTCDay();
      // Weeks count from the Sunday of the first start's week.
      const week = Math.floor((step + start.getUTCDay()) / 7);
      if (week % interval === 0 && days.includes(weekday)) push(dayMs);
    } else {
      const monthDay = recurrence.monthly_day ?? start.getUTCDate();
      const candidate = new Date(
        Date.UTC(
          start.getUTCFullYear(),
          start.getUTCMonth() + step * interval,
          monthDay,
          start.getUTCHours(),
          start.getUTCMinutes(),
          start.getUTCSeconds(),
        ),
      );
      // Date.UTC rolls the 31st of a 30-day month into the next month: that month is skipped.
      const expectedMonth = (start.getUTCMonth() + step * interval) % 12;
      if (candidate.getUTCMonth() === expectedMonth) push(candidate.getTime());
    }
    if (starts.length > 0 && (starts.at(-1) ?? 0) > endMs) break;
    if (startMs + step * DAY_MS > endMs && recurrence.type !== 3) break;
  }
  return starts;
}
