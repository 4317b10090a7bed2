import type { CalendarProvider } from '@ats-zoom/contract';
import {
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
  /** Who can be invited to the calendar event (the tenant's users). */
  colleagues: DemoUserSummary[];
  text: DemoText;
  /** Called once both the Zoom meeting (when any) and the ATS's own record are saved. */
  onSaved: () => void;
  /** Today's clock, for the default date. @default Date.now */
  now?: () => number;
}

/**
 * The interview set-up screen: when, how long, Web面接 Zoom Meeting or 対面, the host (busy ones
 * marked 予定あり), join before host, what the candidate will get, and 保存. The Zoom meeting is
 * saved first (it can fail for Zoom's reasons); the ATS records the schedule only after it.
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
  // 予定を登録 and its attendees: the saved meeting's choice until the user changes it.
  const [registerChoice, setRegisterChoice] = useState<boolean | null>(null);
  const [attendeeChoice, setAttendeeChoice] = useState<string[] | null>(null);
  const [targetChoice, setTargetChoice] = useState<CalendarProvider | null>(null);
  const { calendars } = useCalendarLinks();

  // Until the user picks one, the host is the one of the meeting already issued (if any).
  const hostConnectionId = pickedHost || existing.meeting?.host.connectionId || '';
  const start = date && startTime ? tokyoStartTime(date, startTime) : '';
  const savedCalendar = existing.meeting?.calendar;
  const registerCalendar =
    registerChoice ?? (savedCalendar !== undefined && savedCalendar.status !== 'not_requested');
  const attendeeEmails =
    attendeeChoice ?? savedCalendar?.attendees.map((attendee) => attendee.email) ?? [];
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
    if (format === 'zoom' && hostConnectionId === '') {
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
          hostConnectionId,
          topic: fill(text.topic, { name: interview.candidateName }),
          startTime: start,
          durationMinutes,
          timezone: interviewTimeZone,
          joinBeforeHost,
          calendar: {
            register: registerCalendar,
            attendees: registerCalendar
              ? attendeeEmails.map((email) => {
                  const colleague = colleagues.find((other) => other.email === email);
                  return colleague ? { email, name: colleague.name } : { email };
                })
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
          <div className="demo-form-row">
            <ZoomHostPicker
              start={start}
              durationMinutes={durationMinutes}
              excludeInterviewId={interview.id}
              value={hostConnectionId}
              onValueChange={(connectionId) => {
                setPickedHost(connectionId);
                setHostMissing(false);
              }}
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
            attendeeEmails={attendeeEmails}
            onAttendeesChange={setAttendeeChoice}
            colleagues={colleagues}
          />
          <ZoomMeetingPreview
            className="demo-preview"
            hostConnectionId={hostConnectionId}
            start={start}
            durationMinutes={durationMinutes}
            joinBeforeHost={joinBeforeHost}
            excludeInterviewId={interview.id}
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
  attendeeEmails: string[];
  onAttendeesChange: (emails: string[]) => void;
  colleagues: DemoUserSummary[];
}

/**
 * 予定を登録, on which of the user's connected calendars (Google カレンダー or Outlook 予定表,
 * when the BFF has both), and who is invited to the event.
 */
function CalendarFields({
  text,
  register,
  onRegisterChange,
  calendars,
  target,
  savedTarget,
  onTargetChange,
  attendeeEmails,
  onAttendeesChange,
  colleagues,
}: CalendarFieldsProps) {
  const ids = useId();
  const toggle = (email: string, checked: boolean) =>
    onAttendeesChange(
      checked ? [...attendeeEmails, email] : attendeeEmails.filter((other) => other !== email),
    );
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
      {register ? (
        <fieldset className="demo-fieldset" aria-describedby={`${ids}-attendees-hint`}>
          <legend className="demo-form-label">{text.attendees}</legend>
          <p id={`${ids}-attendees-hint`} className="demo-hint">
            {text.attendeesHint}
          </p>
          {colleagues.length === 0 ? <p className="demo-hint">{text.noColleagues}</p> : null}
          {colleagues.map((colleague) => (
            <label key={colleague.id} className="demo-choice">
              <input
                type="checkbox"
                checked={attendeeEmails.includes(colleague.email)}
                onChange={(event) => toggle(colleague.email, event.target.checked)}
              />
              {colleague.name}（{colleague.email}）
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
