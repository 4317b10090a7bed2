import { useTimeFormat } from '@ats-zoom/react';
import { useQuery } from '@tanstack/react-query';
import { type DemoText, fill } from './demo-text';
import {
  type DemoInterview,
  interviewKeys,
  interviewTimeZone,
  listInterviews,
  tokyoStartTime,
} from './interviews-api';
import { hrefOf } from './use-hash-route';

export interface InterviewsPageProps {
  userId: string;
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

/** 選考 > 面接: the tenant's candidates and their interviews. */
export function InterviewsPage({ userId, text }: InterviewsPageProps) {
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
                <td>{interview.position}</td>
                <td>{interview.stage}</td>
                <td>
                  <ScheduleLabel interview={interview} text={text} />
                </td>
                <td>{interview.schedule ? text.formats[interview.schedule.format] : '—'}</td>
                <td>{text.statuses[interview.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
