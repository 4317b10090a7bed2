import { useInterviewMeeting, useTimeFormat } from '@ats-zoom/react';
import { useQuery } from '@tanstack/react-query';
import { type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import {
  type DemoInterview,
  interviewKeys,
  interviewTimeZone,
  listInterviews,
  tokyoStartTime,
} from './interviews-api';
import { hrefOf } from './use-hash-route';

export interface InterviewsPageProps {
  user: DemoUserSummary;
  text: DemoText;
}

/**
 * When the interview is, in the kit's date and time format for the UI language (the one its
 * components use, so a page never shows two date formats), in the interview's time zone.
 */
export function ScheduleLabel({ interview, text }: { interview: DemoInterview; text: DemoText }) {
  const format = useTimeFormat(interviewTimeZone);
  const { schedule } = interview;
  if (!schedule) return <>{text.notScheduled}</>;
  const start = format.dateTime(tokyoStartTime(schedule.date, schedule.startTime));
  return <>{`${start}（${fill(text.minutes, { minutes: schedule.durationMinutes })}）`}</>;
}

/**
 * The 状態 cell of a Zoom interview: the ATS's own status, and what the kit's meeting hook says
 * of its Zoom meeting (one cached query per row, shared with the interview's own screen), in
 * words, so a URL deleted in Zoom never passes for 設定済み.
 */
function ZoomInterviewStatus({ interview, text }: { interview: DemoInterview; text: DemoText }) {
  const { meeting, isPending, isError } = useInterviewMeeting(interview.id);
  const status = text.statuses[interview.status];
  let note: string | null = null;
  if (isPending) note = text.meetingChecking;
  else if (isError && !meeting) note = text.meetingUnknown;
  else if (interview.status === 'cancelled') {
    // Left at Zoom when the cancel could not delete it (a meeting deleted in Zoom is not).
    note = meeting && meeting.brokenReason !== 'deleted_in_zoom' ? text.meetingLeftAtZoom : null;
  } else if (!meeting) note = text.meetingNone;
  else if (meeting.linkStatus === 'broken' || meeting.zoomTime) {
    // Deleted in Zoom: re-issue. Moved in Zoom: the URL works, but someone must choose the time.
    const reason = meeting.zoomTime ? 'changed_in_zoom' : 'deleted_in_zoom';
    return (
      <span className="demo-meeting-issue" data-reason={reason}>
        <strong>{reason === 'deleted_in_zoom' ? text.needsReissue : text.needsCheck}</strong>
        <span>{text.meetingIssues[reason]}</span>
      </span>
    );
  } else if (meeting.hostLink !== 'active') {
    // The URL still works, but nobody can change the meeting at Zoom until the host changes.
    return (
      <span className="demo-meeting-issue" data-reason="host_link">
        <strong>{text.needsHostChange}</strong>
        <span>{text.hostLinkIssue}</span>
      </span>
    );
  }
  return (
    <>
      {status}
      {note ? <span className="demo-cell-note">{note}</span> : null}
    </>
  );
}

/** 選考 > 面接: the tenant's candidates and their interviews. */
export function InterviewsPage({ user, text }: InterviewsPageProps) {
  const userId = user.id;
  // The BFF answers 403 to interviewers on meeting routes: they see the ATS's status only.
  const readsMeetings = user.role !== 'interviewer';
  const query = useQuery({
    queryKey: interviewKeys.all(userId),
    queryFn: () => listInterviews(userId),
  });

  return (
    <>
      <h1>{text.interviews}</h1>
      <p>{text.interviewsLead}</p>
      {query.isPending ? <p role="status">{text.loading}</p> : null}
      {query.isError ? (
        <p role="alert" className="demo-error">
          {text.loadFailed}
        </p>
      ) : null}
      {query.data ? (
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">{text.candidate}</th>
              <th scope="col">{text.position}</th>
              <th scope="col">{text.stage}</th>
              <th scope="col">{text.schedule}</th>
              <th scope="col">{text.format}</th>
              <th scope="col">{text.interviewStatus}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((interview) => (
              <tr key={interview.id}>
                <th scope="row" className="demo-person-name">
                  <a
                    href={hrefOf({ name: 'interview', interviewId: interview.id, tab: 'setup' })}
                    aria-label={fill(text.openInterview, { name: interview.candidateName })}
                  >
                    {interview.candidateName}
                  </a>
                </th>
                <td data-label={text.position}>{interview.position}</td>
                <td data-label={text.stage}>{interview.stage}</td>
                <td data-label={text.schedule}>
                  <ScheduleLabel interview={interview} text={text} />
                </td>
                <td data-label={text.format}>
                  {interview.schedule ? text.formats[interview.schedule.format] : '—'}
                </td>
                <td data-label={text.interviewStatus}>
                  {readsMeetings &&
                  interview.status !== 'unscheduled' &&
                  interview.schedule?.format === 'zoom' ? (
                    <ZoomInterviewStatus interview={interview} text={text} />
                  ) : (
                    text.statuses[interview.status]
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
