import type { InterviewMeeting, MeetingCalendar } from '@ats-zoom/contract';
import { saveBodyOfMeeting } from '@ats-zoom/contract/core';
import { type ComponentPropsWithoutRef, useEffect, useId, useRef, useState } from 'react';
import { errorTextOf } from '../intl/error-text';
import { formatMessage, type MessageKey, type MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useTimeFormat } from '../intl/use-time-format';
import { useDeleteInterviewMeeting } from '../meeting/use-delete-interview-meeting';
import { useInterviewMeeting } from '../meeting/use-interview-meeting';
import { useRetryMeetingCalendar } from '../meeting/use-retry-meeting-calendar';
import { useSaveInterviewMeeting } from '../meeting/use-save-interview-meeting';
import { errorWithRetry } from '../ui/error-with-retry';
import { atzRootClassName, flag, focusLost, partIn, partPropsOf } from '../ui/part-props';
import { uiErrorCodeOf } from '../ui/ui-error-code-of';
import type { MeetingCalendarPart } from './meeting-calendar-section';
import type {
  MeetingLinkLocaleMessages,
  MeetingLinkMessageKey,
  MeetingLinkMessages,
} from './messages';

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
  | 'copyPasscodeButton'
  | 'details'
  | 'host'
  | 'hostChoice'
  | 'alternativeHosts'
  | 'passcode'
  | 'time'
  | 'brokenStatus'
  | 'brokenReason'
  | 'reissueButton'
  | 'hostLink'
  | 'pendingDeletion'
  | 'mismatch'
  | 'keepTimeButton'
  | 'takeTimeButton'
  | 'cancelledStatus'
  | 'deleteButton'
  | 'announcement'
  | 'error'
  | 'retryButton'
  | MeetingCalendarPart;

/**
 * `data-state` on the root: `loading`, `none` (no meeting issued), `error`, `active`, `broken`
 * (deleted in Zoom itself), `mismatch` (its time was changed in Zoom: the URL works, the
 * scheduler chooses which time wins) or `cancelled` (the host says the interview is cancelled:
 * with a meeting still at Zoom, it offers to delete it).
 */
export type ZoomMeetingLinkState =
  | 'loading'
  | 'none'
  | 'error'
  | 'active'
  | 'broken'
  | 'mismatch'
  | 'cancelled';

export interface ZoomMeetingLinkProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /** The host ATS's interview id. */
  interviewId: string;
  /**
   * The link's texts, in the language of `AtsZoomProvider`'s `locale`: `meetingLinkJa` from
   * `@ats-zoom/react/meeting-link/locales/ja` or `meetingLinkEn` from
   * `@ats-zoom/react/meeting-link/locales/en`. The texts it shares with the other components
   * (errors, calendar names, 自動で選ぶ's roles) come from the provider's catalogue.
   */
  locale: MeetingLinkLocaleMessages;
  /**
   * Overrides for any of its message keys (`zoomMeetingLink.*`).
   * @default undefined
   */
  messages?: Partial<MeetingLinkMessages>;
  /**
   * The host ATS cancelled the interview. Without a meeting it says the interview is cancelled
   * (not that no URL was issued yet); with one still at Zoom it warns that the candidate can
   * still join and offers to delete it, never to copy or re-issue it.
   * @default false
   */
  cancelled?: boolean;
  /**
   * Re-issues a broken link the host's own way (e.g. opening its interview form). Without it the
   * button saves the meeting again with its stored host, time, options and calendar registration.
   * @default undefined
   */
  onReissue?: (meeting: InterviewMeeting) => void;
  /**
   * Called with the saved meeting after this component saved it: a time chosen for a meeting in
   * `mismatch` (the interview's, set back at Zoom, or Zoom's), or a re-issue. The host records
   * the meeting's `startTime` and `durationMinutes` on its own interview, so the interview, the
   * Zoom meeting and the calendar event agree (after taking Zoom's time, they changed).
   * @default undefined
   */
  onSaved?: (meeting: InterviewMeeting) => void;
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

/** A meeting link message key without its prefix: `title`, `calendar.retry`… */
type LinkKey = MeetingLinkMessageKey extends `zoomMeetingLink.${infer Rest}` ? Rest : never;

/** Moves focus to the first of `parts` present in `root`, when the control that had it vanished. */
function focusIfLost(root: HTMLElement | null, ...parts: ZoomMeetingLinkPart[]) {
  if (!focusLost()) return;
  parts
    .map((part) => partIn(root, part))
    .find(Boolean)
    ?.focus();
}

/**
 * The interview's issued Zoom URL (design section 7): a link with a copy button, the host and
 * its Zoom e-mail, whether the passcode is in the URL (if not, the passcode itself with a copy
 * button: the candidate must type it), and the time. A meeting deleted or
 * changed in Zoom shows as broken with a re-issue action instead of a dead link. An interview
 * the host marks `cancelled` says so: cancelled, not "not issued yet", and a meeting still left
 * at Zoom is shown as unusable with a delete action. Below it, the
 * calendar step (Google Calendar or Outlook, named by its texts): registered, failed (why, when it retries by itself, and 今すぐ再試行),
 * or not requested. Copy, re-issue and retry results are announced in a polite live region.
 * Exported from `@ats-zoom/react/meeting-link` only, with its texts in
 * `@ats-zoom/react/meeting-link/locales/*`: the scheduling page ships none of them.
 */
export function ZoomMeetingLink({
  interviewId,
  locale,
  messages: overrides,
  cancelled = false,
  onReissue,
  onSaved,
  timeZone,
  className,
  classNames,
  ...rest
}: ZoomMeetingLinkProps) {
  const intl = useMessages();
  const { t, errorMessage, messages } = intl;
  const query = useInterviewMeeting(interviewId);
  const meeting = query.meeting;
  // The calendar the meeting uses (Google or Outlook): its texts and the failures of its
  // calendar step (that calendar's) name it as `{calendar}`.
  const provider = meeting?.calendar.provider;
  // Its own texts: the `locale` prop's, with the host's overrides (the shared ones: `messages`).
  const texts = { ...locale.messages, ...overrides } as MeetingLinkMessages;
  const m = (key: LinkKey, values?: MessageValues) =>
    formatMessage(texts[`zoomMeetingLink.${key}`], {
      calendar: messages[`calendar.${provider}` as MessageKey],
      ...values,
    });
  /** Why the calendar step failed, naming this meeting's calendar. */
  const calendarFailure = (code = 'generic') => errorMessage(code, undefined, undefined, provider);
  /** `{name}（{email}）`, or the name alone when there is no e-mail. */
  const who = (key: 'host' | 'calendar.owner', name: string, email: string | null) =>
    m(email ? key : `${key}WithoutEmail`, { name, email } as MessageValues);
  const save = useSaveInterviewMeeting(interviewId);
  const retry = useRetryMeetingCalendar(interviewId);
  const remove = useDeleteInterviewMeeting(interviewId);
  const format = useTimeFormat(timeZone ?? meeting?.timezone);
  // Kept as a key and values, not text, so it follows a change of locale.
  const [announcement, setAnnouncement] = useState<[LinkKey, MessageValues?] | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const ids = useId();
  const titleId = `${ids}-title`;
  const urlLabelId = `${ids}-url-label`;
  const errorId = `${ids}-error`;

  // Parts are named by their kebab-case; the root's `zoom-meeting-link` is set on it.
  const part = partPropsOf(classNames);

  // `meeting` is set in `active`, `broken` and `mismatch`, and in `cancelled` while still at Zoom.
  const state: ZoomMeetingLinkState = query.isPending
    ? 'loading'
    : query.isError && query.data === undefined
      ? 'error'
      : cancelled
        ? 'cancelled'
        : meeting
          ? meeting.zoomTime
            ? 'mismatch'
            : meeting.linkStatus
          : 'none';
  const saving = save.isPending;
  const deleting = remove.isPending;
  const busy = state === 'loading' || saving || deleting || retry.isPending;

  // Once a re-issue or a chosen time lands (the link works, the times agree), or a retry registers
  // the event, the button pressed is gone: keep keyboard focus inside the component.
  const calendarStatus = meeting?.calendar.status;
  const saved = save.isSuccess;
  const retried = retry.isSuccess;
  useEffect(() => {
    const root = rootRef.current;
    if (state === 'active' && saved) focusIfLost(root, 'copyButton');
    // Google and Outlook give every event its link, so a registered event has one to focus.
    if (calendarStatus === 'registered' && retried) focusIfLost(root, 'calendarLink', 'copyButton');
  }, [state, saved, calendarStatus, retried]);

  const retryCalendarNow = () => {
    setAnnouncement(null);
    retry.mutate(undefined, {
      onSuccess: ({ calendar }) => {
        if (calendar.status === 'registered') {
          setAnnouncement(['calendar.retrySucceeded']);
          return;
        }
        const reason = calendarFailure(calendar.error?.code);
        setAnnouncement(['calendar.retryFailed', { reason }]);
      },
    });
  };

  const writeError = save.error ?? remove.error;

  /**
   * The calendar step (Google or Outlook, named): registered (owner, attendee count, a link to the event), failed
   * (why, when it retries by itself, 今すぐ再試行), or a quiet line when it was not asked for.
   * Everything is text; `data-state` carries the status for styling.
   */
  const renderCalendar = ({
    status,
    owner,
    htmlLink,
    nextRetryAt,
    attendees,
    error,
  }: MeetingCalendar) => {
    const reasonId = `${ids}-reason`;
    const retryErrorId = `${ids}-retry-error`;
    const retrying = retry.isPending;
    const busyAttr = flag(retrying);
    const retryErrorCode = retry.isError ? uiErrorCodeOf(retry.error) : null;
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
                  {who('calendar.owner', owner.userName, owner.email)}
                </li>
              ) : null}
              <li {...part('calendarAttendees')}>
                {m('calendar.attendees', { count: attendees.length })}
              </li>
            </ul>
            {htmlLink ? (
              <a
                {...part('calendarLink')}
                href={htmlLink}
                target="_blank"
                rel="noopener noreferrer"
              >
                {m('calendar.open')}
              </a>
            ) : null}
          </>
        ) : null}
        {failed ? (
          <>
            <p {...part('calendarReason')} id={reasonId}>
              {calendarFailure(error?.code)}
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
                onClick={retrying ? undefined : retryCalendarNow}
              >
                {m(retrying ? 'calendar.retrying' : 'calendar.retry')}
              </button>
            </div>
          </>
        ) : null}
        {retryErrorCode ? (
          <p {...part('calendarError')} id={retryErrorId} role="alert">
            {calendarFailure(retryErrorCode)}
          </p>
        ) : null}
      </div>
    );
  };

  const renderMeeting = (current: InterviewMeeting) => {
    const {
      joinUrl,
      zoomTime,
      hostLink,
      passcode,
      hostChoice: { auto, role },
      host: { ownerName: name, zoomEmail: email },
    } = current;
    // Interviewers Zoom lets start the meeting from the join URL (never given the start URL).
    const alternates = current.interviewers
      .filter(({ status }) => status === 'alternative_host')
      .map((each) => each.name ?? each.userId)
      .join(t('list.separator'));
    /** A slot (the interview's, or Zoom's) as `2025/04/13 14:00〜15:00`. */
    const when = (slot: NonNullable<typeof zoomTime>) =>
      format.dateTimeRange(
        slot.startTime,
        Date.parse(slot.startTime) + slot.durationMinutes * 60_000,
      );
    /** Saves the meeting again (as it is, or with Zoom's time); `done` is announced once it lands. */
    const saveAgain = (done: LinkKey, change?: typeof zoomTime) =>
      save.mutate(
        { ...saveBodyOfMeeting(current), ...change },
        {
          onSuccess: (meeting) => {
            setAnnouncement([done]);
            onSaved?.(meeting);
          },
        },
      );
    const copy = async (text: string, done: LinkKey) => {
      // Inside the try: a missing `navigator.clipboard` also ends as "copy failed".
      try {
        await navigator.clipboard.writeText(text);
        setAnnouncement([done]);
      } catch {
        setAnnouncement(['copyFailed']);
      }
    };
    const broken = state === 'broken';
    // A cancelled interview's link must not be sent either, even while it still works.
    const dead = broken || cancelled;
    // The one action: delete a cancelled interview's meeting, re-issue a broken one, or copy.
    const action = cancelled ? 'delete' : broken ? 'reissue' : 'copy';
    const pending = cancelled ? deleting : broken && saving;
    return (
      <>
        {cancelled ? (
          <p {...part('cancelledStatus')} role="alert">
            <strong>{m('cancelledStatus')}</strong> {m('cancelledLive')}
          </p>
        ) : null}
        {broken ? (
          <div {...part('brokenStatus')}>
            <p {...part('brokenReason')} role="alert">
              <strong>{m('brokenStatus')}</strong> {m('broken.deleted_in_zoom')}
            </p>
          </div>
        ) : null}
        {hostLink === 'active' || cancelled ? null : (
          <p {...part('hostLink')} role="alert">
            {m(`hostLink.${hostLink}`, { name })}
          </p>
        )}
        {current.pendingDeletions.map((left) => (
          // The message names `{hostOwnerName}` and `{zoomMeetingId}`.
          <p {...part('pendingDeletion')} key={left.zoomMeetingId}>
            {m('pendingDeletion', left)}
          </p>
        ))}
        {zoomTime && !cancelled ? (
          // Both times in words. The URL works: it stays copyable, the choice goes with the actions.
          <p {...part('mismatch')} role="alert">
            {m('mismatch', { interview: when(current), zoom: when(zoomTime) })}
          </p>
        ) : null}
        <span {...part('urlLabel')} id={urlLabelId}>
          {m('url')}
        </span>
        {dead ? (
          // A dead link must not be one click away from a recruiter pasting it into a mail.
          <span {...part('url')} data-disabled="">
            {joinUrl}
          </span>
        ) : (
          <a
            {...part('url')}
            href={joinUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-describedby={urlLabelId}
          >
            {joinUrl}
          </a>
        )}
        <div {...part('actions')}>
          <button
            {...part(`${action}Button`)}
            type="button"
            disabled={pending}
            data-disabled={flag(pending)}
            aria-describedby={action === 'copy' ? urlLabelId : writeError ? errorId : undefined}
            onClick={() => {
              if (action === 'copy') return copy(joinUrl, 'copied');
              setAnnouncement(null);
              if (cancelled) {
                remove.mutate(undefined, { onSuccess: () => setAnnouncement(['deleted']) });
              } else if (onReissue) {
                onReissue(current);
              } else {
                saveAgain('reissued');
              }
            }}
          >
            {m(pending ? (cancelled ? 'deleting' : 'reissuing') : action)}
          </button>
          {zoomTime && !cancelled
            ? (['keepTime', 'takeTime'] as const).map((key, take) => (
                <button
                  key={key}
                  {...part(`${key}Button`)}
                  type="button"
                  disabled={saving}
                  onClick={() => saveAgain(`${key}Done`, take ? zoomTime : undefined)}
                >
                  {m(key)}
                </button>
              ))
            : null}
        </div>
        <ul {...part('details')}>
          <li {...part('host')}>{who('host', name, email)}</li>
          {auto && role ? (
            <li {...part('hostChoice')}>
              {m('autoPicked', { who: t(`autoHost.role.${role}`, { name }) })}
            </li>
          ) : null}
          {alternates ? (
            <li {...part('alternativeHosts')}>{m('alternativeHosts', { names: alternates })}</li>
          ) : null}
          <li {...part('passcode')}>
            {m(
              `passcode.${passcode ? 'value' : current.passcodeEmbedded ? 'embedded' : current.hasPasscode ? 'notEmbedded' : 'none'}`,
              { passcode: passcode ?? '' },
            )}
            {passcode && !dead ? (
              <button
                {...part('copyPasscodeButton')}
                type="button"
                onClick={() => copy(passcode, 'passcodeCopied')}
              >
                {m('copyPasscode')}
              </button>
            ) : null}
          </li>
          <li {...part('time')}>{m('time', { time: when(current) })}</li>
        </ul>
        {writeError ? (
          <p {...part('error')} id={errorId} role="alert">
            {
              // Saves and deletes do not fail for the calendar: its step is reported below.
              errorTextOf(intl, writeError)
            }
          </p>
        ) : null}
        {renderCalendar(current.calendar)}
      </>
    );
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      ref={rootRef}
      role="group"
      aria-labelledby={titleId}
      aria-busy={busy}
      data-slot="zoom-meeting-link"
      data-state={state}
      data-busy={flag(busy)}
      className={atzRootClassName(className, classNames?.root)}
    >
      <span {...part('title')} id={titleId}>
        {m('title')}
      </span>
      {meeting ? (
        renderMeeting(meeting)
      ) : state === 'loading' ? (
        <>
          <p {...part('status')}>{m('loading')}</p>
          <span {...part('skeleton')} aria-hidden="true" />
        </>
      ) : state === 'error' ? (
        errorWithRetry(intl, errorId, query, m('retry'), part)
      ) : (
        <p {...part('empty')}>{m(cancelled ? 'cancelled' : 'none')}</p>
      )}
      {/* Always present, so screen readers announce "copied" / "re-issued" / a retry's result. */}
      <p
        {...part('announcement')}
        role="status"
        aria-live="polite"
        data-state={announcement?.[0] === 'calendar.retryFailed' ? 'failed' : undefined}
      >
        {announcement ? m(...announcement) : null}
      </p>
    </div>
  );
}
