import { useMemo } from 'react';
import { useMessages } from './use-messages';

export interface UseTimeFormatResult {
  /** Time of day, e.g. `14:00` (ja) or `2:00 PM` (en). */
  time: (iso: string) => string;
  /** Date and time, e.g. `2025/04/10 14:00` (ja) or `Apr 10, 2025, 2:00 PM` (en). */
  dateTime: (iso: string) => string;
  /** `14:00〜15:00`, through the `time.range` message. */
  timeRange: (startIso: string, endIso: string) => string;
  /** Date and time range, e.g. `2025/04/10 14:00〜15:00` (the end's date only when it differs). */
  dateTimeRange: (startIso: string, endIso: string) => string;
}

/**
 * Formats instants with `Intl` in the provider's locale.
 * @param timeZone IANA zone to show times in; undefined means the browser's own.
 */
export function useTimeFormat(timeZone?: string): UseTimeFormatResult {
  const { locale, t } = useMessages();
  return useMemo(() => {
    const timeOfDay = new Intl.DateTimeFormat(locale, {
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
    });
    const dateTime = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    });
    const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    const time = (iso: string) => timeOfDay.format(new Date(iso));
    return {
      time,
      dateTime: (iso) => dateTime.format(new Date(iso)),
      timeRange: (startIso, endIso) =>
        t('time.range', { start: time(startIso), end: time(endIso) }),
      dateTimeRange: (startIso, endIso) => {
        const start = new Date(startIso);
        const end = new Date(endIso);
        const sameDay = dateOnly.format(start) === dateOnly.format(end);
        return t('time.range', {
          start: dateTime.format(start),
          end: sameDay ? timeOfDay.format(end) : dateTime.format(end),
        });
      },
    };
  }, [locale, t, timeZone]);
}
