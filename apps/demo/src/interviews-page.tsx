import { useQuery } from '@tanstack/react-query';
import { type DemoText, fill } from './demo-text';
import { type DemoInterview, interviewKeys, listInterviews } from './interviews-api';
import { hrefOf } from './use-hash-route';

export interface InterviewsPageProps {
  userId: string;
  text: DemoText;
}

export function scheduleLabel(interview: DemoInterview, text: DemoText): string {
  const { schedule } = interview;
  if (!schedule) return text.notScheduled;
  return `${schedule.date} ${schedule.startTime}（${fill(text.minutes, { minutes: schedule.durationMinutes })}）`;
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
                <th scope="row">
                  <a
                    href={hrefOf({ name: 'interview', interviewId: interview.id, tab: 'setup' })}
                    aria-label={fill(text.openInterview, { name: interview.candidateName })}
                  >
                    {interview.candidateName}
                  </a>
                </th>
                <td data-label={text.position}>{interview.position}</td>
                <td data-label={text.stage}>{interview.stage}</td>
                <td data-label={text.schedule}>{scheduleLabel(interview, text)}</td>
                <td data-label={text.format}>
                  {interview.schedule ? text.formats[interview.schedule.format] : '—'}
                </td>
                <td data-label={text.interviewStatus}>{text.statuses[interview.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
