import type { InterviewMeeting } from '@ats-zoom/contract';
import { saveBodyOfMeeting } from '@ats-zoom/contract/core';
import { type ComponentPropsWithoutRef, useEffect, useId, useRef, useState } from 'react';
import type { MessageKey, MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useTimeFormat } from '../intl/use-time-format';
import { useInterviewMeeting } from '../meeting/use-interview-meeting';
import { useRetryMeetingCalendar } from '../meeting/use-retry-meeting-calendar';
import { useSaveInterviewMeeting } from '../meeting/use-save-interview-meeting';
import { ErrorWithRetry } from '../ui/error-with-retry';
import { atzRootClassName, partPropsOf } from '../ui/part-props';
import { uiErrorCodeOf } from '../ui/ui-error-code-of';
import {
  type MeetingCalendarPart,
  MeetingCalendarSection,
  meetingCalendarSlotNames,
} from './meeting-calendar-section';

/** Every styleable part of `ZoomMeetingLink`; each renders with `data-slot="<part in kebab-case>"`. */
export type ZoomMeetingLinkPart =
  | 'root'
  | 'title'
  | 'status'
  | 'skeleton'
  | 'empty'
  | 'urlLabel'
  | 'url'
  | 'actions'
  | 'copyButton'
  | 'details'
  | 'host'
  | 'passcode'
  | 'time'
  | 'brokenStatus'
  | 'brokenReason'
  | 'reissueButton'
  | 'announcement'
  | 'error'
  | 'retryButton'
  | MeetingCalendarPart;

/**
 * `data-state` on the root: `loading`, `none` (no meeting issued), `error`, `active` or
 * `broken` (deleted or changed in Zoom itself).
 */
export type ZoomMeetingLinkState = 'loading' | 'none' | 'error' | 'active' | 'broken';

export interface ZoomMeetingLinkProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /** The host ATS's interview id. */
  interviewId: string;
  /**
   * Re-issues a broken link the host's own way (e.g. opening its interview form). Without it the
   * button saves the meeting again with its stored host, time, options and calendar registration.
   * @default undefined
   */
  onReissue?: (meeting: InterviewMeeting) => void;
  /**
   * IANA time zone to show the time in.
   * @default the meeting's own time zone
   */
  timeZone?: string;
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part.
   * @default undefined
   */
  classNames?: Partial<Record<ZoomMeetingLinkPart, string>>;
}

const slotNames: Record<ZoomMeetingLinkPart, string> = {
  root: 'zoom-meeting-link',
  title: 'title',
  status: 'status',
  skeleton: 'skeleton',
  empty: 'empty',
  urlLabel: 'url-label',
  url: 'url',
  actions: 'actions',
  copyButton: 'copy-button',
  details: 'details',
  host: 'host',
  passcode: 'passcode',
  time: 'time',
  brokenStatus: 'broken-status',
  brokenReason: 'broken-reason',
  reissueButton: 'reissue-button',
  announcement: 'announcement',
  error: 'error',
  retryButton: 'retry-button',
  ...meetingCalendarSlotNames,
};

const brokenKeys = {
  deleted_in_zoom: 'zoomMeetingLink.broken.deleted_in_zoom',
  changed_in_zoom: 'zoomMeetingLink.broken.changed_in_zoom',
} as const satisfies Record<NonNullable<InterviewMeeting['brokenReason']>, MessageKey>;

const MINUTE_MS = 60_000;

function passcodeKey(meeting: InterviewMeeting): MessageKey {
  if (meeting.passcodeEmbedded) return 'zoomMeetingLink.passcode.embedded';
  return meeting.hasPasscode
    ? 'zoomMeetingLink.passcode.notEmbedded'
    : 'zoomMeetingLink.passcode.none';
}

/** Moves focus to the first of `parts` present in `root`, when the control that had it vanished. */
function focusIfLost(root: HTMLElement | null, parts: ZoomMeetingLinkPart[]) {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  for (const target of parts) {
    const element = root?.querySelector<HTMLElement>(`[data-slot="${slotNames[target]}"]`);
    if (element) {
      element.focus();
      return;
    }
  }
}

interface Announcement {
  key: MessageKey;
  values?: MessageValues;
}

/**
 * The interview's issued Zoom URL (design section 7): a link with a copy button, the host and
 * its Zoom e-mail, whether the passcode is in the URL, and the time. A meeting deleted or
 * changed in Zoom shows as broken with a re-issue action instead of a dead link. Below it, the
 * Google Calendar step: registered, failed (why, when it retries by itself, and 今すぐ再試行),
 * or not requested. Copy, re-issue and retry results are announced in a polite live region.
 */
export function ZoomMeetingLink({
  interviewId,
  onReissue,
  timeZone,
  className,
  classNames,
  ...rest
}: ZoomMeetingLinkProps) {
  const { t, errorMessage } = useMessages();
  const query = useInterviewMeeting(interviewId);
  const save = useSaveInterviewMeeting(interviewId);
  const retryCalendar = useRetryMeetingCalendar(interviewId);
  const meeting = query.meeting;
  const format = useTimeFormat(timeZone ?? meeting?.timezone);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const reissuingRef = useRef(false);
  const retryingCalendarRef = useRef(false);
  const ids = useId();
  const titleId = `${ids}-title`;
  const urlLabelId = `${ids}-url-label`;
  const errorId = `${ids}-error`;

  const part = partPropsOf(slotNames, classNames);

  let state: ZoomMeetingLinkState;
  if (query.isPending) state = 'loading';
  else if (query.isError && query.data === undefined) state = 'error';
  else if (meeting === null) state = 'none';
  else state = meeting.linkStatus === 'broken' ? 'broken' : 'active';

  // Once a re-issue lands (the link works again): announce it, and move focus from the vanished
  // re-issue button to the new copy button instead of leaving it on <body>.
  useEffect(() => {
    if (state !== 'active' || !reissuingRef.current) return;
    reissuingRef.current = false;
    setAnnouncement({ key: 'zoomMeetingLink.reissued' });
    focusIfLost(rootRef.current, ['copyButton']);
  }, [state]);

  // Once a retry registers the event, its button is gone: keep keyboard users inside the component.
  const calendarStatus = meeting?.calendar.status;
  useEffect(() => {
    if (calendarStatus !== 'registered' || !retryingCalendarRef.current) return;
    retryingCalendarRef.current = false;
    focusIfLost(rootRef.current, ['calendarLink', 'copyButton', 'reissueButton']);
  }, [calendarStatus]);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setAnnouncement({ key: 'zoomMeetingLink.copied' });
    } catch {
      setAnnouncement({ key: 'zoomMeetingLink.copyFailed' });
    }
  };

  const retryCalendarNow = () => {
    setAnnouncement(null);
    retryingCalendarRef.current = true;
    retryCalendar.mutate(undefined, {
      onSuccess: ({ calendar }) => {
        if (calendar.status === 'registered') {
          setAnnouncement({ key: 'zoomMeetingLink.calendar.retrySucceeded' });
          return;
        }
        retryingCalendarRef.current = false;
        const reason = errorMessage(calendar.error?.code ?? 'generic');
        setAnnouncement({ key: 'zoomMeetingLink.calendar.retryFailed', values: { reason } });
      },
      onError: () => {
        retryingCalendarRef.current = false;
      },
    });
  };

  const reissue = (current: InterviewMeeting) => {
    setAnnouncement(null);
    if (onReissue) {
      onReissue(current);
      return;
    }
    reissuingRef.current = true;
    save.mutate(saveBodyOfMeeting(current), {
      onError: () => {
        reissuingRef.current = false;
      },
    });
  };

  const saveErrorCode = save.isError ? uiErrorCodeOf(save.error) : null;

  const renderMeeting = (current: InterviewMeeting) => {
    const end = new Date(
      Date.parse(current.startTime) + current.durationMinutes * MINUTE_MS,
    ).toISOString();
    const broken = current.linkStatus === 'broken';
    return (
      <>
        {broken ? (
          <div {...part('brokenStatus')}>
            <p {...part('brokenReason')} role="alert">
              <strong>{t('zoomMeetingLink.brokenStatus')}</strong>{' '}
              {t(brokenKeys[current.brokenReason ?? 'deleted_in_zoom'])}
            </p>
          </div>
        ) : null}
        <span {...part('urlLabel')} id={urlLabelId}>
          {t('zoomMeetingLink.url')}
        </span>
        {broken ? (
          // A dead link must not be one click away from a recruiter pasting it into a mail.
          <span {...part('url')} data-disabled="">
            {current.joinUrl}
          </span>
        ) : (
          <a
            {...part('url')}
            href={current.joinUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-describedby={urlLabelId}
          >
            {current.joinUrl}
          </a>
        )}
        <div {...part('actions')}>
          {broken ? (
            <button
              {...part('reissueButton')}
              type="button"
              disabled={save.isPending}
              data-disabled={save.isPending ? '' : undefined}
              aria-describedby={saveErrorCode ? errorId : undefined}
              onClick={() => reissue(current)}
            >
              {save.isPending ? t('zoomMeetingLink.reissuing') : t('zoomMeetingLink.reissue')}
            </button>
          ) : (
            <button
              {...part('copyButton')}
              type="button"
              aria-describedby={urlLabelId}
              onClick={() => void copy(current.joinUrl)}
            >
              {t('zoomMeetingLink.copy')}
            </button>
          )}
        </div>
        <ul {...part('details')}>
          <li {...part('host')}>
            {current.host.zoomEmail
              ? t('zoomMeetingLink.host', {
                  name: current.host.ownerName,
                  email: current.host.zoomEmail,
                })
              : t('zoomMeetingLink.hostWithoutEmail', { name: current.host.ownerName })}
          </li>
          <li {...part('passcode')}>{t(passcodeKey(current))}</li>
          <li {...part('time')}>
            {t('zoomMeetingLink.time', { time: format.dateTimeRange(current.startTime, end) })}
          </li>
        </ul>
        {saveErrorCode ? (
          <p {...part('error')} id={errorId} role="alert">
            {errorMessage(saveErrorCode)}
          </p>
        ) : null}
        <MeetingCalendarSection
          calendar={current.calendar}
          part={part}
          timeZone={timeZone ?? current.timezone}
          onRetry={retryCalendarNow}
          retrying={retryCalendar.isPending}
          retryErrorCode={retryCalendar.isError ? uiErrorCodeOf(retryCalendar.error) : null}
        />
      </>
    );
  };

  const renderBody = () => {
    switch (state) {
      case 'loading':
        return (
          <>
            <p {...part('status')}>{t('zoomMeetingLink.loading')}</p>
            <span {...part('skeleton')} aria-hidden="true" />
          </>
        );
      case 'none':
        return <p {...part('empty')}>{t('zoomMeetingLink.none')}</p>;
      case 'error':
        return (
          <ErrorWithRetry
            errorId={errorId}
            message={errorMessage(uiErrorCodeOf(query.error))}
            retryLabel={t('zoomMeetingLink.retry')}
            onRetry={() => void query.refetch()}
            errorPart={part('error')}
            retryButtonPart={part('retryButton')}
          />
        );
      case 'active':
      case 'broken':
        return meeting ? renderMeeting(meeting) : null;
      default:
        return state satisfies never;
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      ref={rootRef}
      role="group"
      aria-labelledby={titleId}
      aria-busy={state === 'loading' || save.isPending || retryCalendar.isPending}
      data-slot={slotNames.root}
      data-state={state}
      data-busy={state === 'loading' || save.isPending || retryCalendar.isPending ? '' : undefined}
      className={atzRootClassName(className, classNames?.root)}
    >
      <span {...part('title')} id={titleId}>
        {t('zoomMeetingLink.title')}
      </span>
      {renderBody()}
      {/* Always present, so screen readers announce "copied" / "re-issued" / a retry's result. */}
      <p
        {...part('announcement')}
        role="status"
        aria-live="polite"
        data-state={
          announcement?.key === 'zoomMeetingLink.calendar.retryFailed' ? 'failed' : undefined
        }
      >
        {announcement ? t(announcement.key, announcement.values) : null}
      </p>
    </div>
  );
}
