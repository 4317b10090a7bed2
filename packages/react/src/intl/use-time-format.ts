import { useMemo } from 'react';
import { useMessages } from './use-messages';

export interface UseTimeFormatResult {
  /** Time of day, e.g. `14:00` (ja) or `2:00 PM` (en). */
  time: (iso: string) => string;
  /** Date and time, e.g. `2025/04/10 14:00` (ja) or `Apr 10, 2025, 2:00 PM` (en). */
  dateTime: (iso: string) => string;
  /** `14:00〜15:00`, through the `time.range` message. */
  timeRange: (startIso: string, endIso: string) => string;
  /**
   * Date and time range, e.g. `2025/04/10 14:00〜15:00` (the end's date only when it differs);
   * either instant as an ISO string or epoch milliseconds.
   */
  dateTimeRange: (start: string | number, end: string | number) => string;
}

/**
 * Formats instants with `Intl` in the provider's locale.
 * @param timeZone IANA zone to show times in; undefined means the browser's own.
 */
export function useTimeFormat(timeZone?: string): UseTimeFormatResult {
  const { locale, t } = useMessages();
  return useMemo(() => {
    // A formatter of ISO instants (or dates) in `timeZone`, in the provider's locale.
    const formatter = (options: Intl.DateTimeFormatOptions) => {
      const format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      return (at: string | number) => format.format(new Date(at));
    };
    const time = formatter({ hour: 'numeric', minute: '2-digit' });
    const dateTime = formatter({ dateStyle: 'medium', timeStyle: 'short' });
    const date = formatter({ dateStyle: 'medium' });
    const range = (start: string, end: string) => t('time.range', { start, end });
    return {
      time,
      dateTime,
      timeRange: (startIso, endIso) => range(time(startIso), time(endIso)),
      // The end's date only when it is another day.
      dateTimeRange: (start, end) =>
        range(dateTime(start), (date(start) === date(end) ? time : dateTime)(end)),
    };
  }, [locale, t, timeZone]);
}
