import type { InterviewerHosting } from '@ats-zoom/contract';
import { type PlannedInterviewer, settleInterviewerHosting } from '../hosts/interviewer-hosting';
import { AlternativeHostsRefusedError } from '../shared/errors';
import type { MeetingDeps } from './meeting-deps';

/**
 * Runs a create or PATCH that carries alternative hosts. A refusal changes nothing at Zoom, so
 * it is asked again without the refused e-mails; a refusal naming none of them, or a second
 * one, sends none at all: the meeting is never lost to an alternative host. `call` gets the
 * e-mails to ask for this time.
 */
export async function withRefusedAlternativeHostsDropped<T>(
  deps: Pick<MeetingDeps, 'logger'>,
  emails: readonly string[],
  call: (alternativeHosts: string[]) => Promise<T>,
): Promise<T> {
  let asked = [...emails];
  for (let refusals = 0; ; refusals++) {
    try {
      return await call(asked);
    } catch (error) {
      if (!(error instanceof AlternativeHostsRefusedError) || asked.length === 0 || refusals >= 2) {
        throw error;
      }
      const named = new Set(error.refused);
      const kept = asked.filter((email) => !named.has(email));
      // E-mails are people's data: the log says how many, not whom.
      deps.logger.warn(
        { asked: asked.length, named: asked.length - kept.length },
        'zoom refused an alternative host; asking again without it',
      );
      asked = refusals === 0 && kept.length < asked.length ? kept : [];
    }
  }
}

/**
 * The interviewers as Zoom now has them (`atZoom`: its alternative hosts' e-mails). An
 * interviewer asked for and not kept had a licence we believed in: their cached licence goes,
 * so the next preview reads it again.
 */
export function settleWithZoom(
  deps: Pick<MeetingDeps, 'hostSchedules'>,
  planned: readonly PlannedInterviewer[],
  atZoom: readonly string[],
): InterviewerHosting[] {
  const settled = settleInterviewerHosting(planned, atZoom);
  planned.forEach((interviewer, index) => {
    const refused =
      (interviewer.status === 'alternative_host' || interviewer.status === 'licence_unknown') &&
      settled[index]?.status !== 'alternative_host';
    if (refused && interviewer.connectionId)
      deps.hostSchedules.invalidate(interviewer.connectionId);
  });
  return settled;
}
