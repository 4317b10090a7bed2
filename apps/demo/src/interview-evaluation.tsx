import type { InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import { saveBodyOfMeeting } from '@ats-zoom/contract/core';
import {
  useDeleteInterviewMeeting,
  useInterviewMeeting,
  useSaveInterviewMeeting,
  ZoomHostPicker,
  ZoomMeetingLink,
  ZoomMeetingPreview,
} from '@ats-zoom/react';
import { type FormEvent, useId, useState } from 'react';
import type { DemoText } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { SaveErrors, ScheduleFields, useInterviewMutation } from './interview-form-parts';
import {
  cancelInterview,
  type DemoInterview,
  type InterviewSchedule,
  saveInterviewSchedule,
  tokyoStartTime,
} from './interviews-api';
import { ScheduleLabel } from './interviews-page';

export interface InterviewEvaluationProps {
  interview: DemoInterview;
  user: DemoUserSummary;
  text: DemoText;
}

type Action = 'reschedule' | 'changeHost' | 'cancel';

/** The PUT body that keeps everything of the meeting (its calendar part too) but the change. */
function bodyOf(meeting: InterviewMeeting, change: Partial<SaveMeetingBody>): SaveMeetingBody {
  return { ...saveBodyOfMeeting(meeting), ...change };
}

/**
 * The interview's 面接・評価 tab: when it is, the issued Zoom URL, and for recruiters and
 * coordinators 日時を変更 (same URL), ホストを変更 (new URL, old meeting deleted) and 面接を取り消す.
 */
export function InterviewEvaluation({ interview, user, text }: InterviewEvaluationProps) {
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
        <MeetingManagement interview={interview} user={user} text={text} />
      ) : (
        // The BFF answers 403 to interviewers on every meeting route: explain instead of failing.
        <p className="demo-note">{text.interviewerMeetingReadOnly}</p>
      )}
    </section>
  );
}

function MeetingManagement({ interview, user, text }: InterviewEvaluationProps) {
  const { meeting } = useInterviewMeeting(interview.id);
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Said by the link itself: cancelled, not "no URL issued yet"; a meeting left at Zoom is deleted there.
  const cancelled = interview.status === 'cancelled';

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
        cancelled={cancelled}
        className="demo-meeting-link"
      />
      {meeting && meeting.linkStatus === 'active' && !cancelled && action === null ? (
        <div className="demo-form-actions">
          <button type="button" className="demo-button" onClick={() => start('reschedule')}>
            {text.reschedule}
          </button>
          <button type="button" className="demo-button" onClick={() => start('changeHost')}>
            {text.changeHost}
          </button>
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
          onDone={() => finish(text.savedRescheduled)}
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
      {/* Not gated on the meeting: it turns null mid-cancel, before the ATS records the cancel. */}
      {action === 'cancel' ? (
        <CancelConfirm
          interview={interview}
          user={user}
          text={text}
          onDone={() => finish(text.savedCancelled)}
          onClose={close}
        />
      ) : null}
      <p role="status" className="demo-status">
        {done}
      </p>
    </>
  );
}

interface ActionProps extends InterviewEvaluationProps {
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

function RescheduleForm({
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
  const [date, setDate] = useState(interview.schedule?.date ?? '');
  const [startTime, setStartTime] = useState(interview.schedule?.startTime ?? '');
  const [durationMinutes, setDurationMinutes] = useState(meeting.durationMinutes);
  const pending = saveMeeting.isPending || saveSchedule.isPending;
  const start = date && startTime ? tokyoStartTime(date, startTime) : '';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await saveMeeting.mutateAsync(bodyOf(meeting, { startTime: start, durationMinutes }));
      await saveSchedule.mutateAsync(
        scheduleOf(interview, {
          date,
          startTime,
          durationMinutes: durationMinutes as InterviewSchedule['durationMinutes'],
          joinBeforeHost: meeting.joinBeforeHost,
        }),
      );
      onDone();
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
      await saveMeeting.mutateAsync(bodyOf(meeting, { hostConnectionId }));
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
          start={meeting.startTime}
          durationMinutes={meeting.durationMinutes}
          excludeInterviewId={interview.id}
          currentHostConnectionId={meeting.host.connectionId}
          value={hostConnectionId}
          onValueChange={(connectionId) => {
            setHostConnectionId(connectionId);
            setProblem(null);
          }}
          timeZone={meeting.timezone}
          required
        />
      </div>
      <ZoomMeetingPreview
        className="demo-preview"
        hostConnectionId={hostConnectionId}
        start={meeting.startTime}
        durationMinutes={meeting.durationMinutes}
        joinBeforeHost={meeting.joinBeforeHost}
        excludeInterviewId={interview.id}
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

function CancelConfirm({ interview, user, text, onDone, onClose }: ActionProps) {
  const ids = useId();
  const deleteMeeting = useDeleteInterviewMeeting(interview.id);
  const cancel = useInterviewMutation(user, interview.id, () =>
    cancelInterview(user.id, interview.id),
  );
  const pending = deleteMeeting.isPending || cancel.isPending;

  const confirm = async () => {
    try {
      await deleteMeeting.mutateAsync();
      await cancel.mutateAsync();
      onDone();
    } catch {
      // Shown by SaveErrors.
    }
  };

  return (
    <section className="demo-action" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{text.cancelHeading}</h3>
      <p id={`${ids}-warning`}>{text.cancelConfirm}</p>
      <SaveErrors zoomError={deleteMeeting.error} atsError={cancel.error} text={text} />
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
