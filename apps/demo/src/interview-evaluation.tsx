import type { Interviewer, InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import { saveBodyOfMeeting } from '@ats-zoom/contract/core';
import {
  useDeleteInterviewMeeting,
  useInterviewMeeting,
  useSaveInterviewMeeting,
  ZoomHostPicker,
  ZoomMeetingPreview,
} from '@ats-zoom/react';
import { ZoomMeetingLink } from '@ats-zoom/react/meeting-link';
import { meetingLinkEn } from '@ats-zoom/react/meeting-link/locales/en';
import { meetingLinkJa } from '@ats-zoom/react/meeting-link/locales/ja';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type DemoLocale, type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import {
  SaveErrors,
  ScheduleFields,
  useInterviewMutation,
  useShowSavedInterview,
} from './interview-form-parts';
import {
  cancelInterview,
  type DemoInterview,
  type InterviewSchedule,
  saveInterviewSchedule,
  tokyoDateAndTime,
  tokyoStartTime,
} from './interviews-api';
import { ScheduleLabel } from './interviews-page';

export interface InterviewEvaluationProps {
  interview: DemoInterview;
  user: DemoUserSummary;
  /** The language shown (the provider's): the meeting link's texts follow it. */
  locale: DemoLocale;
  text: DemoText;
}

/** The meeting link's texts by language, from its own entries. */
const meetingLinkLocales = { ja: meetingLinkJa, en: meetingLinkEn };

type Action = 'reschedule' | 'changeHost' | 'cancel';

/** The PUT body that keeps everything of the meeting (its calendar part too) but the change. */
function bodyOf(meeting: InterviewMeeting, change: Partial<SaveMeetingBody>): SaveMeetingBody {
  return { ...saveBodyOfMeeting(meeting), ...change };
}

/** The same, with the host chosen by the scheduler: a host 自動で選ぶ picked is replaced. */
function bodyWithHost(
  meeting: InterviewMeeting,
  hostConnectionId: string,
  change: Partial<SaveMeetingBody>,
): SaveMeetingBody {
  const { host: _auto, ...kept } = bodyOf(meeting, change);
  return { ...kept, hostConnectionId };
}

/** The meeting's interviewers, for who can start it in the picker and the previews. */
function interviewersOf(meeting: InterviewMeeting): Interviewer[] {
  return meeting.interviewers.map(({ userId, name }) => (name ? { userId, name } : { userId }));
}

/**
 * The interview's 面接・評価 tab: when it is, the issued Zoom URL, and for recruiters and
 * coordinators 日時を変更 (same URL unless the link was broken), ホストを変更 (new URL, old meeting
 * deleted) and 面接を取り消す, offered for a broken link too.
 */
export function InterviewEvaluation({ interview, user, locale, text }: InterviewEvaluationProps) {
  const canManage = user.role !== 'interviewer';
  const ids = useId();
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{text.evaluationTab}</h2>
      <dl className="demo-summary">
        <div>
          <dt>{text.candidate}</dt>
          <dd>{interview.candidateName}</dd>
        </div>
        <div>
          <dt>{text.schedule}</dt>
          <dd>
            <ScheduleLabel interview={interview} text={text} />
          </dd>
        </div>
        <div>
          <dt>{text.format}</dt>
          <dd>{interview.schedule ? text.formats[interview.schedule.format] : '—'}</dd>
        </div>
        <div>
          <dt>{text.interviewStatus}</dt>
          <dd>{text.statuses[interview.status]}</dd>
        </div>
      </dl>
      {canManage ? (
        <MeetingManagement interview={interview} user={user} locale={locale} text={text} />
      ) : (
        // The BFF answers 403 to interviewers on every meeting route: explain instead of failing.
        <p className="demo-note">{text.interviewerMeetingReadOnly}</p>
      )}
    </section>
  );
}

function MeetingManagement({ interview, user, locale, text }: InterviewEvaluationProps) {
  const { meeting, isPending } = useInterviewMeeting(interview.id);
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  // The link saved the meeting (e.g. Zoom's time was taken): the ATS's interview takes its time.
  const saveSchedule = useSaveSchedule(user, interview.id);
  // Said by the link itself: cancelled, not "no URL issued yet"; a meeting left at Zoom is deleted
  // there. Mid-cancel the meeting goes before the screen has the ATS's record: cancelled already.
  const cancelled = interview.status === 'cancelled' || (cancelling && !meeting);
  // A broken link is still the interview's: it can be rescheduled, moved or cancelled directly.
  const manageable =
    !cancelled && !isPending && (meeting !== null || interview.status === 'scheduled');

  const finish = (message: string) => {
    setAction(null);
    setDone(message);
  };

  const start = (next: Action) => {
    setDone(null);
    setAction(next);
  };

  const close = () => setAction(null);

  return (
    <>
      <ZoomMeetingLink
        interviewId={interview.id}
        locale={meetingLinkLocales[locale]}
        cancelled={cancelled}
        onSaved={(saved) =>
          saveSchedule.mutate(
            scheduleOf(interview, {
              ...tokyoDateAndTime(saved.startTime),
              durationMinutes: saved.durationMinutes,
            }),
          )
        }
        className="demo-meeting-link"
      />
      <SaveErrors zoomError={null} atsError={saveSchedule.error} text={text} />
      {manageable && action === null ? (
        <div className="demo-form-actions">
          {meeting ? (
            <>
              <button type="button" className="demo-button" onClick={() => start('reschedule')}>
                {text.reschedule}
              </button>
              <button type="button" className="demo-button" onClick={() => start('changeHost')}>
                {text.changeHost}
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="demo-button demo-button-danger"
            onClick={() => start('cancel')}
          >
            {text.cancelInterview}
          </button>
        </div>
      ) : null}
      {meeting && action === 'reschedule' ? (
        <RescheduleForm
          interview={interview}
          user={user}
          text={text}
          meeting={meeting}
          onDone={(newUrl) => finish(newUrl ? text.savedRescheduledNewUrl : text.savedRescheduled)}
          onClose={close}
        />
      ) : null}
      {meeting && action === 'changeHost' ? (
        <ChangeHostForm
          interview={interview}
          user={user}
          text={text}
          meeting={meeting}
          onDone={() => finish(text.savedHostChanged)}
          onClose={close}
        />
      ) : null}
      {/* Not gated on the meeting: there may be none, and it turns null mid-cancel. */}
      {action === 'cancel' ? (
        <CancelConfirm
          interview={interview}
          user={user}
          text={text}
          meeting={meeting}
          onCancelling={setCancelling}
          onDone={(leftAtZoom) =>
            finish(leftAtZoom ? `${text.savedCancelled} ${leftAtZoom}` : text.savedCancelled)
          }
          onClose={close}
        />
      ) : null}
      <p role="status" className="demo-status">
        {done}
      </p>
    </>
  );
}

interface ActionProps extends Omit<InterviewEvaluationProps, 'locale'> {
  onDone: () => void;
  onClose: () => void;
}

/** Records the schedule in the ATS after the meeting changed. */
function useSaveSchedule(user: DemoUserSummary, interviewId: string) {
  return useInterviewMutation(user, interviewId, (schedule: InterviewSchedule) =>
    saveInterviewSchedule(user.id, interviewId, schedule),
  );
}

function scheduleOf(interview: DemoInterview, change: Partial<InterviewSchedule>) {
  const base: InterviewSchedule = interview.schedule ?? {
    date: '',
    startTime: '',
    durationMinutes: 60,
    format: 'zoom',
    joinBeforeHost: false,
  };
  return { ...base, format: 'zoom' as const, ...change };
}

/** 保存 and 戻る of the meeting forms; both wait while a save is under way. */
function SaveOrBack({
  text,
  pending,
  canSave = true,
  onClose,
}: {
  text: DemoText;
  pending: boolean;
  canSave?: boolean;
  onClose: () => void;
}) {
  return (
    <div className="demo-form-actions">
      <button
        type="submit"
        className="demo-button demo-button-primary"
        disabled={pending || !canSave}
      >
        {pending ? text.saving : text.save}
      </button>
      <button type="button" className="demo-button" onClick={onClose} disabled={pending}>
        {text.back}
      </button>
    </div>
  );
}

/** The slot the ATS records: a meeting changed in Zoom may say another time. */
function atsSlot(interview: DemoInterview, meeting: InterviewMeeting) {
  const { schedule } = interview;
  return schedule
    ? {
        startTime: tokyoStartTime(schedule.date, schedule.startTime),
        durationMinutes: schedule.durationMinutes as number,
      }
    : { startTime: meeting.startTime, durationMinutes: meeting.durationMinutes };
}

function RescheduleForm({
  interview,
  user,
  text,
  meeting,
  onDone,
  onClose,
}: Omit<ActionProps, 'onDone'> & {
  meeting: InterviewMeeting;
  /** `newUrl`: the link was broken, so the saved meeting has another URL. */
  onDone: (newUrl: boolean) => void;
}) {
  const ids = useId();
  const saveMeeting = useSaveInterviewMeeting(interview.id);
  const saveSchedule = useSaveSchedule(user, interview.id);
  const [date, setDate] = useState(interview.schedule?.date ?? '');
  const [startTime, setStartTime] = useState(interview.schedule?.startTime ?? '');
  const [durationMinutes, setDurationMinutes] = useState(
    atsSlot(interview, meeting).durationMinutes,
  );
  const pending = saveMeeting.isPending || saveSchedule.isPending;
  const start = date && startTime ? tokyoStartTime(date, startTime) : '';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      const saved = await saveMeeting.mutateAsync(
        bodyOf(meeting, { startTime: start, durationMinutes }),
      );
      await saveSchedule.mutateAsync(
        scheduleOf(interview, {
          date,
          startTime,
          durationMinutes: durationMinutes as InterviewSchedule['durationMinutes'],
          joinBeforeHost: meeting.joinBeforeHost,
        }),
      );
      onDone(saved.joinUrl !== meeting.joinUrl);
    } catch {
      // Shown by SaveErrors.
    }
  };

  return (
    <form className="demo-form demo-action" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{text.rescheduleHeading}</h3>
      <ScheduleFields
        text={text}
        date={date}
        onDateChange={setDate}
        startTime={startTime}
        onStartTimeChange={setStartTime}
        durationMinutes={durationMinutes}
        onDurationChange={setDurationMinutes}
      />
      <ZoomMeetingPreview
        className="demo-preview"
        hostConnectionId={meeting.host.connectionId}
        start={start}
        durationMinutes={durationMinutes}
        joinBeforeHost={meeting.joinBeforeHost}
        excludeInterviewId={interview.id}
        interviewers={interviewersOf(meeting)}
      />
      <SaveErrors zoomError={saveMeeting.error} atsError={saveSchedule.error} text={text} />
      <SaveOrBack text={text} pending={pending} canSave={start !== ''} onClose={onClose} />
    </form>
  );
}

function ChangeHostForm({
  interview,
  user,
  text,
  meeting,
  onDone,
  onClose,
}: ActionProps & { meeting: InterviewMeeting }) {
  const ids = useId();
  const saveMeeting = useSaveInterviewMeeting(interview.id);
  const saveSchedule = useSaveSchedule(user, interview.id);
  const [hostConnectionId, setHostConnectionId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const pending = saveMeeting.isPending || saveSchedule.isPending;
  const slot = atsSlot(interview, meeting);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (hostConnectionId === '') {
      setProblem(text.hostRequired);
      return;
    }
    if (hostConnectionId === meeting.host.connectionId) {
      setProblem(text.sameHost);
      return;
    }
    setProblem(null);
    try {
      await saveMeeting.mutateAsync(bodyWithHost(meeting, hostConnectionId, slot));
      if (interview.schedule) await saveSchedule.mutateAsync(scheduleOf(interview, {}));
      onDone();
    } catch {
      // Shown by SaveErrors.
    }
  };

  return (
    <form className="demo-form demo-action" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{text.changeHostHeading}</h3>
      <div className="demo-form-row">
        <ZoomHostPicker
          start={slot.startTime}
          durationMinutes={slot.durationMinutes}
          excludeInterviewId={interview.id}
          currentHostConnectionId={meeting.host.connectionId}
          value={hostConnectionId}
          onValueChange={(connectionId) => {
            setHostConnectionId(connectionId);
            setProblem(null);
          }}
          interviewers={interviewersOf(meeting)}
          timeZone={meeting.timezone}
          required
        />
      </div>
      <ZoomMeetingPreview
        className="demo-preview"
        hostConnectionId={hostConnectionId}
        start={slot.startTime}
        durationMinutes={slot.durationMinutes}
        joinBeforeHost={meeting.joinBeforeHost}
        excludeInterviewId={interview.id}
        interviewers={interviewersOf(meeting)}
      />
      {problem ? (
        <p role="alert" className="demo-error">
          {problem}
        </p>
      ) : null}
      <SaveErrors zoomError={saveMeeting.error} atsError={saveSchedule.error} text={text} />
      <SaveOrBack text={text} pending={pending} onClose={onClose} />
    </form>
  );
}

/**
 * 面接を取り消す: the ATS records the cancel first, then the meeting is deleted (a broken one too:
 * the BFF answers 204 when Zoom no longer has it), then the screen shows the ATS's record. If the
 * delete fails the interview stays cancelled and the link offers to delete the meeting left at Zoom.
 * When the host's Zoom link was removed, the BFF cancels anyway and deletes the meeting at Zoom
 * once its owner reconnects: said before confirming, and kept as the outcome.
 */
function CancelConfirm({
  interview,
  user,
  text,
  meeting,
  onCancelling,
  onDone,
  onClose,
}: Omit<ActionProps, 'onDone'> & {
  meeting: InterviewMeeting | null;
  onCancelling: (cancelled: boolean) => void;
  /** With what to say about a meeting left at Zoom, if any. */
  onDone: (leftAtZoom: string | null) => void;
}) {
  const ids = useId();
  const deleteMeeting = useDeleteInterviewMeeting(interview.id);
  const record = useMutation({ mutationFn: () => cancelInterview(user.id, interview.id) });
  const showSaved = useShowSavedInterview(user, interview.id);
  const [showing, setShowing] = useState(false);
  const pending = record.isPending || deleteMeeting.isPending || showing;
  // Read once: the meeting turns null when the cancel lands.
  const [leftAtZoom] = useState(() =>
    meeting && meeting.hostLink !== 'active'
      ? fill(text.cancelLeftAtZoom, { name: meeting.host.ownerName })
      : null,
  );

  const confirm = async () => {
    let saved: DemoInterview;
    try {
      saved = await record.mutateAsync();
    } catch {
      return; // Nothing changed; shown by SaveErrors.
    }
    // Recorded: from here a meeting gone from the cache means cancelled, not "not issued yet".
    onCancelling(true);
    setShowing(true);
    const deleted = await deleteMeeting.mutateAsync().then(
      () => true,
      () => false,
    );
    await showSaved(saved).catch(() => undefined);
    setShowing(false);
    // A failed delete stays on screen (SaveErrors) with the link's own 削除 below the warning.
    if (deleted) onDone(leftAtZoom);
  };

  return (
    <section className="demo-action" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{text.cancelHeading}</h3>
      <p id={`${ids}-warning`}>{leftAtZoom ?? text.cancelConfirm}</p>
      <SaveErrors zoomError={deleteMeeting.error} atsError={record.error} text={text} />
      <div className="demo-form-actions">
        <button
          type="button"
          className="demo-button demo-button-danger"
          aria-describedby={`${ids}-warning`}
          disabled={pending}
          onClick={() => void confirm()}
        >
          {pending ? text.cancelling : text.cancelConfirmAction}
        </button>
        <button type="button" className="demo-button" onClick={onClose} disabled={pending}>
          {text.cancelConfirmBack}
        </button>
      </div>
    </section>
  );
}
