import type { MeetingCalendar } from '@ats-zoom/contract';
import type { MessageKeyIn, MessageValues, UiErrorCode } from '../intl/messages';
import type { UseMessagesResult } from '../intl/use-messages';
import type { UseTimeFormatResult } from '../intl/use-time-format';
import type { PartProps } from '../ui/part-props';

/** The calendar parts of `ZoomMeetingLink`. */
export type MeetingCalendarPart =
  | 'calendar'
  | 'calendarStatus'
  | 'calendarDetails'
  | 'calendarOwner'
  | 'calendarAttendees'
  | 'calendarLink'
  | 'calendarReason'
  | 'calendarRetryNote'
  | 'calendarRetryButton'
  | 'calendarError';

type CalendarKey = MessageKeyIn<'zoomMeetingLink.calendar'>;

/** Everything but the calendar comes from the link, so the section needs no hooks of its own. */
export interface MeetingCalendarSectionProps {
  calendar: MeetingCalendar;
  /** The link's `useId()`, for the ids of the reason and the retry error. */
  ids: string;
  /** The link's messages (keys without their `zoomMeetingLink.` prefix). */
  m: (key: `calendar.${CalendarKey}`, values?: MessageValues) => string;
  errorMessage: UseMessagesResult['errorMessage'];
  /** The link's `part()`: the calendar parts, and its `actions` part for the retry button's row. */
  part: (part: MeetingCalendarPart | 'actions') => PartProps;
  /** The link's time format (its zone), for the next retry time. */
  format: UseTimeFormatResult;
  onRetry: () => void;
  retrying: boolean;
  /** Why the last retry request itself failed (not a calendar that failed again), or null. */
  retryErrorCode: UiErrorCode | null;
}

/**
 * The Google Calendar step of an interview's meeting: registered (owner, attendee count, a link
 * to the event), failed (why, when it retries by itself, 今すぐ再試行), or a quiet line when it
 * was not asked for. Everything is text; `data-state` carries the status for styling.
 */
export function MeetingCalendarSection({
  calendar: { status, owner, htmlLink, nextRetryAt, attendees, error },
  ids,
  m,
  errorMessage,
  part,
  format,
  onRetry,
  retrying,
  retryErrorCode,
}: MeetingCalendarSectionProps) {
  const reasonId = `${ids}-reason`;
  const retryErrorId = `${ids}-retry-error`;
  const busyAttr = retrying ? '' : undefined;
  const failed = status === 'failed';
  // Each status has its message: `calendar.registered`, `calendar.failed`, `calendar.notRequested`.
  const statusText = m(`calendar.${status === 'not_requested' ? 'notRequested' : status}`);

  return (
    <div {...part('calendar')} data-state={status} data-busy={busyAttr}>
      <p {...part('calendarStatus')}>{failed ? <strong>{statusText}</strong> : statusText}</p>
      {status === 'registered' ? (
        <>
          <ul {...part('calendarDetails')}>
            {owner ? (
              <li {...part('calendarOwner')}>
                {owner.email
                  ? m('calendar.owner', { name: owner.userName, email: owner.email })
                  : m('calendar.ownerWithoutEmail', { name: owner.userName })}
              </li>
            ) : null}
            <li {...part('calendarAttendees')}>
              {m('calendar.attendees', { count: attendees.length })}
            </li>
          </ul>
          {htmlLink ? (
            <a {...part('calendarLink')} href={htmlLink} target="_blank" rel="noopener noreferrer">
              {m('calendar.open')}
            </a>
          ) : null}
        </>
      ) : null}
      {failed ? (
        <>
          <p {...part('calendarReason')} id={reasonId}>
            {errorMessage(error?.code ?? 'generic')}
          </p>
          <p {...part('calendarRetryNote')}>
            {nextRetryAt
              ? m('calendar.nextRetry', { time: format.dateTime(nextRetryAt) })
              : m('calendar.noAutoRetry')}
          </p>
          <div {...part('actions')}>
            {/* aria-disabled rather than disabled while retrying, so keyboard focus stays put. */}
            <button
              {...part('calendarRetryButton')}
              type="button"
              aria-label={m('calendar.retryAria')}
              aria-describedby={retryErrorCode ? `${reasonId} ${retryErrorId}` : reasonId}
              aria-disabled={retrying}
              data-disabled={busyAttr}
              onClick={retrying ? undefined : onRetry}
            >
              {m(retrying ? 'calendar.retrying' : 'calendar.retry')}
            </button>
          </div>
        </>
      ) : null}
      {retryErrorCode ? (
        <p {...part('calendarError')} id={retryErrorId} role="alert">
          {errorMessage(retryErrorCode)}
        </p>
      ) : null}
    </div>
  );
}
