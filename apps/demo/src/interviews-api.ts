import type { DemoInterview, InterviewSchedule } from '../server/demo-interviews';

export type { DemoInterview, InterviewFormat, InterviewSchedule } from '../server/demo-interviews';

/** The interview lengths the set-up screen offers. */
export const durationChoices = [30, 45, 60, 90] as const;

/** The mock ATS schedules in Japan time; the Zoom meeting gets the same zone. */
export const interviewTimeZone = 'Asia/Tokyo';

/** A failed call to the mock ATS's own backend (not the BFF: those carry a problem code). */
export class HostApiError extends Error {
  constructor(readonly status: number) {
    super(`host backend answered ${status}`);
    this.name = 'HostApiError';
  }
}

async function hostApi<T>(path: string, userId: string, init?: RequestInit): Promise<T> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await fetch(`${path}${separator}user=${encodeURIComponent(userId)}`, init);
  if (!response.ok) throw new HostApiError(response.status);
  return (await response.json()) as T;
}

export const interviewKeys = {
  all: (userId: string) => ['mock-ats', userId, 'interviews'] as const,
  one: (userId: string, interviewId: string) =>
    [...interviewKeys.all(userId), interviewId] as const,
};

export function listInterviews(userId: string): Promise<DemoInterview[]> {
  return hostApi<{ interviews: DemoInterview[] }>('/host-api/interviews', userId).then(
    (body) => body.interviews,
  );
}

export function getInterview(userId: string, interviewId: string): Promise<DemoInterview> {
  return hostApi(`/host-api/interviews/${encodeURIComponent(interviewId)}`, userId);
}

export function saveInterviewSchedule(
  userId: string,
  interviewId: string,
  schedule: InterviewSchedule,
): Promise<DemoInterview> {
  return hostApi(`/host-api/interviews/${encodeURIComponent(interviewId)}/schedule`, userId, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(schedule),
  });
}

export function cancelInterview(userId: string, interviewId: string): Promise<DemoInterview> {
  return hostApi(`/host-api/interviews/${encodeURIComponent(interviewId)}/cancel`, userId, {
    method: 'POST',
  });
}

/** `2030-04-10` + `14:00` -> `2030-04-10T14:00:00+09:00` (Japan has no daylight saving time). */
export function tokyoStartTime(date: string, time: string): string {
  return `${date}T${time}:00+09:00`;
}

/** An instant's date and time of day in Japan: `2030-04-10T05:00:00Z` -> `2030-04-10`, `14:00`. */
export function tokyoDateAndTime(iso: string): { date: string; startTime: string } {
  const at = Date.parse(iso);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: interviewTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return { date: tokyoDate(at), startTime: time.format(at) };
}

/** The calendar date in Japan `days` after `now`, as `YYYY-MM-DD`. */
export function tokyoDate(now: number, days = 0): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: interviewTimeZone }).format(
    new Date(now + days * 86_400_000),
  );
}
