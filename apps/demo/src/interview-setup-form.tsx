import type { CalendarProvider, InterviewMeeting } from '@ats-zoom/contract';
import {
  AUTO_HOST,
  useDeleteInterviewMeeting,
  useInterviewMeeting,
  useSaveInterviewMeeting,
  ZoomHostPicker,
  ZoomMeetingPreview,
} from '@ats-zoom/react';
import { type FormEvent, useId, useState } from 'react';
import { type CalendarLink, calendarName, useCalendarLinks } from './calendar-links';
import { type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { SaveErrors, ScheduleFields, useInterviewMutation } from './interview-form-parts';
import {
  type DemoInterview,
  type InterviewFormat,
  type InterviewSchedule,
  interviewTimeZone,
  saveInterviewSchedule,
  tokyoDate,
  tokyoStartTime,
} from './interviews-api';
import { hrefOf } from './use-hash-route';

export interface InterviewSetupFormProps {
  interview: DemoInterview;
  user: DemoUserSummary;
  /** Who can interview (the tenant's users), in the order 自動で選ぶ tries them. */
  colleagues: DemoUserSummary[];
  text: DemoText;
  /** Called once both the Zoom meeting (when any) and the ATS's own record are saved. */
  onSaved: () => void;
  /** Today's clock, for the default date. @default Date.now */
  now?: () => number;
}

/**
 * The interview set-up screen: when, how long, Web面接 Zoom Meeting or 対面, the interviewers, the
 * host (busy ones marked 予定あり, or 自動で選ぶ), join before host, what the candidate will get and
 * who can start the meeting, and 保存. The Zoom meeting is saved first (it can fail for Zoom's
 * reasons); the ATS records the schedule only after it.
 */
export function InterviewSetupForm(props: InterviewSetupFormProps) {
  // Interviewers may not touch meetings (the BFF answers 403): say so instead of asking it.
  if (props.user.role === 'interviewer') {
    return <p className="demo-note">{props.text.interviewerSetupReadOnly}</p>;
  }
  return <InterviewSetupFields {...props} />;
}

function InterviewSetupFields({
  interview,
  user,
  colleagues,
  text,
  onSaved,
  now = Date.now,
}: InterviewSetupFormProps) {
  const ids = useId();
  const existing = useInterviewMeeting(interview.id);
  const saveMeeting = useSaveInterviewMeeting(interview.id);
  const deleteMeeting = useDeleteInterviewMeeting(interview.id);
  const saveSchedule = useInterviewMutation(user, interview.id, (schedule: InterviewSchedule) =>
    saveInterviewSchedule(user.id, interview.id, schedule),
  );

  const initial = interview.status === 'scheduled' ? interview.schedule : null;
  const [date, setDate] = useState(() => initial?.date ?? tokyoDate(now(), 1));
  const [startTime, setStartTime] = useState(initial?.startTime ?? '10:00');
  const [durationMinutes, setDurationMinutes] = useState<number>(initial?.durationMinutes ?? 60);
  const [format, setFormat] = useState<InterviewFormat>(initial?.format ?? 'zoom');
  const [joinBeforeHost, setJoinBeforeHost] = useState(initial?.joinBeforeHost ?? false);
  const [pickedHost, setPickedHost] = useState('');
  const [hostMissing, setHostMissing] = useState(false);
  // The interviewers, 予定を登録 and where: the saved meeting's choice until the user changes it.
  const [interviewerChoice, setInterviewerChoice] = useState<string[] | null>(null);
  const [registerChoice, setRegisterChoice] = useState<boolean | null>(null);
  const [targetChoice, setTargetChoice] = useState<CalendarProvider | null>(null);
  const { calendars } = useCalendarLinks();

  // Until the user picks one, the host is that of the meeting already issued (if any): 自動で選ぶ
  // when it picked the host, so a new save picks again only if that host became busy.
  const savedHost = existing.meeting
    ? existing.meeting.hostChoice.auto
      ? AUTO_HOST
      : existing.meeting.host.connectionId
    : '';
  const host = pickedHost || savedHost;
  const auto = host === AUTO_HOST;
  const start = date && startTime ? tokyoStartTime(date, startTime) : '';
  const savedCalendar = existing.meeting?.calendar;
  const registerCalendar =
    registerChoice ?? (savedCalendar !== undefined && savedCalendar.status !== 'not_requested');
  const interviewerIds =
    interviewerChoice ?? savedInterviewerIds(existing.meeting ?? null, colleagues);
  // In the tenant's order: the order 自動で選ぶ tries them in.
  const interviewers = colleagues
    .filter((colleague) => interviewerIds.includes(colleague.id))
    .map(({ id, name }) => ({ userId: id, name }));
  // Where the event goes: the user's pick, else the calendar it is already on, else the only
  // (or first) connected calendar, else Google (the BFF's default; it then says to connect it).
  const savedTarget =
    savedCalendar !== undefined && savedCalendar.status !== 'not_requested'
      ? savedCalendar.provider
      : undefined;
  const target: CalendarProvider =
    targetChoice ??
    savedTarget ??
    calendars.find((calendar) => calendar.connected)?.provider ??
    'google';

  const pending = saveMeeting.isPending || deleteMeeting.isPending || saveSchedule.isPending;
  const zoomError = saveMeeting.error ?? deleteMeeting.error;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (format === 'zoom' && host === '') {
      setHostMissing(true);
      return;
    }
    setHostMissing(false);
    saveMeeting.reset();
    deleteMeeting.reset();
    saveSchedule.reset();
    try {
      if (format === 'zoom') {
        await saveMeeting.mutateAsync({
          candidateId: interview.candidateId,
          // 自動で選ぶ keeps the list of hosts tried first that the meeting was saved with.
          ...(auto
            ? { host: { auto: true, prefer: existing.meeting?.hostChoice.prefer ?? [] } }
            : { hostConnectionId: host }),
          interviewers,
          topic: fill(text.topic, { name: interview.candidateName }),
          startTime: start,
          durationMinutes,
          timezone: interviewTimeZone,
          joinBeforeHost,
          calendar: {
            register: registerCalendar,
            // The interviewers are the event's attendees.
            attendees: registerCalendar
              ? colleagues
                  .filter(({ id }) => interviewerIds.includes(id))
                  .map(({ email, name }) => ({ email, name }))
              : [],
            sendUpdates: 'none',
            // Which calendar takes the event (only asked for when one is registered).
            ...(registerCalendar ? { provider: target } : {}),
          },
        });
      } else if (existing.meeting) {
        // Switching to 対面 must not leave a live Zoom meeting behind.
        await deleteMeeting.mutateAsync();
      }
      await saveSchedule.mutateAsync({
        date,
        startTime,
        durationMinutes: durationMinutes as InterviewSchedule['durationMinutes'],
        format,
        joinBeforeHost,
      });
      onSaved();
    } catch {
      // Each mutation keeps its error; the alerts below show it.
    }
  };

  return (
    <form className="demo-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{text.setupTab}</h2>
      <p className="demo-form-row">
        <span className="demo-form-label">{text.candidate}</span>
        <span>{interview.candidateName}</span>
      </p>
      <ScheduleFields
        text={text}
        date={date}
        onDateChange={setDate}
        startTime={startTime}
        onStartTimeChange={setStartTime}
        durationMinutes={durationMinutes}
        onDurationChange={setDurationMinutes}
      />
      <fieldset className="demo-form-row demo-fieldset">
        <legend className="demo-form-label">{text.webInterview}</legend>
        <label className="demo-choice">
          <input
            type="radio"
            name={`${ids}-format`}
            value="zoom"
            checked={format === 'zoom'}
            onChange={() => setFormat('zoom')}
          />
          {text.zoomMeeting}
        </label>
        <label className="demo-choice">
          <input
            type="radio"
            name={`${ids}-format`}
            value="in_person"
            checked={format === 'in_person'}
            onChange={() => setFormat('in_person')}
          />
          {text.inPerson}
        </label>
      </fieldset>
      {format === 'zoom' ? (
        <>
          <InterviewerFields
            text={text}
            colleagues={colleagues}
            selected={interviewerIds}
            onSelectedChange={setInterviewerChoice}
          />
          <div className="demo-form-row">
            <ZoomHostPicker
              start={start}
              durationMinutes={durationMinutes}
              excludeInterviewId={interview.id}
              value={host}
              onValueChange={(connectionId) => {
                setPickedHost(connectionId);
                setHostMissing(false);
              }}
              allowAuto
              interviewers={interviewers}
              prefer={existing.meeting?.hostChoice.prefer}
              timeZone={interviewTimeZone}
              required
              aria-describedby={hostMissing ? `${ids}-host-missing` : undefined}
            />
            {hostMissing ? (
              <p id={`${ids}-host-missing`} role="alert" className="demo-error">
                {text.hostRequired}
              </p>
            ) : null}
          </div>
          <div className="demo-form-row">
            <label className="demo-choice">
              <input
                type="checkbox"
                checked={joinBeforeHost}
                aria-describedby={`${ids}-jbh-hint`}
                onChange={(event) => setJoinBeforeHost(event.target.checked)}
              />
              {text.joinBeforeHost}
            </label>
            <p id={`${ids}-jbh-hint`} className="demo-hint">
              {text.joinBeforeHostHint}
            </p>
          </div>
          <CalendarFields
            text={text}
            register={registerCalendar}
            onRegisterChange={setRegisterChoice}
            calendars={calendars}
            target={target}
            savedTarget={savedTarget}
            onTargetChange={setTargetChoice}
          />
          <ZoomMeetingPreview
            className="demo-preview"
            hostConnectionId={host}
            start={start}
            durationMinutes={durationMinutes}
            joinBeforeHost={joinBeforeHost}
            excludeInterviewId={interview.id}
            interviewers={interviewers}
            prefer={existing.meeting?.hostChoice.prefer}
          />
        </>
      ) : null}
      <SaveErrors zoomError={zoomError} atsError={saveSchedule.error} text={text} />
      <div className="demo-form-actions">
        <button type="submit" className="demo-button demo-button-primary" disabled={pending}>
          {pending ? text.saving : text.save}
        </button>
      </div>
    </form>
  );
}

interface CalendarFieldsProps {
  text: DemoText;
  register: boolean;
  onRegisterChange: (register: boolean) => void;
  /** The calendars the BFF has configured, with the user's links to them. */
  calendars: CalendarLink[];
  /** The calendar the event goes to. */
  target: CalendarProvider;
  /** The calendar the saved meeting's event is on (kept even when its link needs reconnecting). */
  savedTarget: CalendarProvider | undefined;
  onTargetChange: (target: CalendarProvider) => void;
}

/**
 * 予定を登録 and on which of the user's connected calendars (Google カレンダー or Outlook 予定表,
 * when the BFF has both); the interviewers are invited to the event.
 */
function CalendarFields({
  text,
  register,
  onRegisterChange,
  calendars,
  target,
  savedTarget,
  onTargetChange,
}: CalendarFieldsProps) {
  const ids = useId();
  const targetLink = calendars.find((calendar) => calendar.provider === target);
  const targetEmail = targetLink?.connected ? targetLink.connection?.email : undefined;
  // A calendar can take the event when its link works, or when the event is already there (the
  // BFF keeps the event's owner; only a first registration needs a working link).
  const selectable = (calendar: CalendarLink) =>
    calendar.connected || calendar.provider === savedTarget;
  const noneSelectable = !calendars.some(selectable);
  // Only Google configured: the link names Google, as there is nothing else to connect.
  const connectFirst = calendars.some((calendar) => calendar.provider !== 'google')
    ? text.connectCalendarFirst
    : text.connectGoogleFirst;
  return (
    <div className="demo-form-row">
      <label className="demo-choice">
        <input
          type="checkbox"
          checked={register}
          aria-describedby={`${ids}-hint`}
          onChange={(event) => onRegisterChange(event.target.checked)}
        />
        {fill(text.registerCalendar, { calendar: calendarName(text, target) })}
      </label>
      <p id={`${ids}-hint`} className="demo-hint">
        {text.registerCalendarHint}{' '}
        {targetEmail ? (
          fill(text.registerCalendarTarget, { email: targetEmail })
        ) : (
          <a href={hrefOf({ name: 'integrations' })}>{connectFirst}</a>
        )}
      </p>
      {register && calendars.length > 1 ? (
        <fieldset
          className="demo-fieldset"
          disabled={noneSelectable}
          aria-describedby={noneSelectable ? `${ids}-target-none` : undefined}
        >
          <legend className="demo-form-label">{text.calendarTarget}</legend>
          {calendars.map((calendar) => {
            const name = calendarName(text, calendar.provider);
            const email = calendar.connection?.email;
            return (
              <label key={calendar.provider} className="demo-choice">
                <input
                  type="radio"
                  name={`${ids}-target`}
                  value={calendar.provider}
                  checked={target === calendar.provider}
                  disabled={!selectable(calendar)}
                  onChange={() => onTargetChange(calendar.provider)}
                />
                {selectable(calendar) && email
                  ? fill(text.calendarTargetOption, { calendar: name, email })
                  : fill(
                      calendar.connection
                        ? text.calendarTargetNeedsReconnect
                        : text.calendarTargetNotConnected,
                      { calendar: name },
                    )}
              </label>
            );
          })}
          {noneSelectable ? (
            <p id={`${ids}-target-none`} className="demo-hint">
              {text.calendarTargetNone}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}

/**
 * The saved meeting's interviewers; a meeting saved before interviewers were sent names them only
 * as its calendar event's attendees.
 */
function savedInterviewerIds(
  meeting: InterviewMeeting | null,
  colleagues: DemoUserSummary[],
): string[] {
  if (!meeting) return [];
  if (meeting.interviewers.length > 0) return meeting.interviewers.map(({ userId }) => userId);
  const emails = new Set(meeting.calendar.attendees.map(({ email }) => email));
  return colleagues.filter(({ email }) => emails.has(email)).map(({ id }) => id);
}

interface InterviewerFieldsProps {
  text: DemoText;
  colleagues: DemoUserSummary[];
  /** The ticked users' ids. */
  selected: string[];
  onSelectedChange: (userIds: string[]) => void;
}

/**
 * 面接官: who interviews the candidate. 自動で選ぶ tries them first, in this order; those in the
 * host's Zoom account with a licence become alternative hosts; 予定を登録 invites them.
 */
function InterviewerFields({
  text,
  colleagues,
  selected,
  onSelectedChange,
}: InterviewerFieldsProps) {
  const ids = useId();
  const toggle = (userId: string, checked: boolean) =>
    onSelectedChange(
      checked ? [...selected, userId] : selected.filter((other) => other !== userId),
    );
  return (
    <fieldset className="demo-form-row demo-fieldset" aria-describedby={`${ids}-interviewers-hint`}>
      <legend className="demo-form-label">{text.interviewers}</legend>
      <p id={`${ids}-interviewers-hint`} className="demo-hint">
        {text.interviewersHint}
      </p>
      {colleagues.length === 0 ? <p className="demo-hint">{text.noColleagues}</p> : null}
      {colleagues.map((colleague) => (
        <label key={colleague.id} className="demo-choice">
          <input
            type="checkbox"
            checked={selected.includes(colleague.id)}
            onChange={(event) => toggle(colleague.id, event.target.checked)}
          />
          {colleague.name}（{colleague.email}）
        </label>
      ))}
    </fieldset>
  );
}
