import type { MeetingCalendar } from '@ats-zoom/contract';
import { useId } from 'react';
import type { UiErrorCode } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useTimeFormat } from '../intl/use-time-format';
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

export const meetingCalendarSlotNames: Record<MeetingCalendarPart, string> = {
  calendar: 'calendar',
  calendarStatus: 'calendar-status',
  calendarDetails: 'calendar-details',
  calendarOwner: 'calendar-owner',
  calendarAttendees: 'calendar-attendees',
  calendarLink: 'calendar-link',
  calendarReason: 'calendar-reason',
  calendarRetryNote: 'calendar-retry-note',
  calendarRetryButton: 'calendar-retry-button',
  calendarError: 'calendar-error',
};

export interface MeetingCalendarSectionProps {
  calendar: MeetingCalendar;
  /** The link's `part()`: the calendar parts, and its `actions` part for the retry button's row. */
  part: (part: MeetingCalendarPart | 'actions') => PartProps;
  /** IANA zone for the next retry time. */
  timeZone: string | undefined;
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
  calendar,
  part,
  timeZone,
  onRetry,
  retrying,
  retryErrorCode,
}: MeetingCalendarSectionProps) {
  const { t, errorMessage } = useMessages();
  const format = useTimeFormat(timeZone);
  const ids = useId();
  const reasonId = `${ids}-reason`;
  const retryErrorId = `${ids}-retry-error`;

  const renderStatus = () => {
    switch (calendar.status) {
      case 'not_requested':
        return <p {...part('calendarStatus')}>{t('zoomMeetingLink.calendar.notRequested')}</p>;
      case 'registered':
        return (
          <>
            <p {...part('calendarStatus')}>{t('zoomMeetingLink.calendar.registered')}</p>
            <ul {...part('calendarDetails')}>
              {calendar.owner ? (
                <li {...part('calendarOwner')}>
                  {calendar.owner.email
                    ? t('zoomMeetingLink.calendar.owner', {
                        name: calendar.owner.userName,
                        email: calendar.owner.email,
                      })
                    : t('zoomMeetingLink.calendar.ownerWithoutEmail', {
                        name: calendar.owner.userName,
                      })}
                </li>
              ) : null}
              <li {...part('calendarAttendees')}>
                {t('zoomMeetingLink.calendar.attendees', { count: calendar.attendees.length })}
              </li>
            </ul>
            {calendar.htmlLink ? (
              <a
                {...part('calendarLink')}
                href={calendar.htmlLink}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('zoomMeetingLink.calendar.open')}
              </a>
            ) : null}
          </>
        );
      case 'failed':
        return (
          <>
            <p {...part('calendarStatus')}>
              <strong>{t('zoomMeetingLink.calendar.failed')}</strong>
            </p>
            <p {...part('calendarReason')} id={reasonId}>
              {errorMessage(calendar.error?.code ?? 'generic')}
            </p>
            <p {...part('calendarRetryNote')}>
              {calendar.nextRetryAt
                ? t('zoomMeetingLink.calendar.nextRetry', {
                    time: format.dateTime(calendar.nextRetryAt),
                  })
                : t('zoomMeetingLink.calendar.noAutoRetry')}
            </p>
            <div {...part('actions')}>
              {/* aria-disabled rather than disabled while retrying, so keyboard focus stays put. */}
              <button
                {...part('calendarRetryButton')}
                type="button"
                aria-label={t('zoomMeetingLink.calendar.retryAria')}
                aria-describedby={retryErrorCode ? `${reasonId} ${retryErrorId}` : reasonId}
                aria-disabled={retrying}
                data-disabled={retrying ? '' : undefined}
                onClick={() => {
                  if (!retrying) onRetry();
                }}
              >
                {retrying
                  ? t('zoomMeetingLink.calendar.retrying')
                  : t('zoomMeetingLink.calendar.retry')}
              </button>
            </div>
          </>
        );
      default:
        return calendar.status satisfies never;
    }
  };

  return (
    <div {...part('calendar')} data-state={calendar.status} data-busy={retrying ? '' : undefined}>
      {renderStatus()}
      {retryErrorCode ? (
        <p {...part('calendarError')} id={retryErrorId} role="alert">
          {errorMessage(retryErrorCode)}
        </p>
      ) : null}
    </div>
  );
}
