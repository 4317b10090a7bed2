import { StoreLockTimeoutError } from '../ports';
import { InterviewBusyError } from '../shared/errors';
import type { MeetingDeps } from './meeting-deps';

/**
 * Serializes the saves, cancels and calendar runs of one interview across every BFF instance.
 */
export async function withInterviewLock<T>(
  deps: MeetingDeps,
  tenantId: string,
  interviewId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await deps.interviewLocks.run(`${tenantId}\n${interviewId}`, work);
  } catch (error) {
    if (error instanceof StoreLockTimeoutError) throw new InterviewBusyError({ cause: error });
    throw error;
  }
}

/**
 * Serializes 自動で選ぶ in a tenant across every BFF instance, from the busy check to the stored
 * meeting, so two saves never both take the last free host. Taken inside the interview lock,
 * never the other way round.
 */
export async function withAutoHostLock<T>(
  deps: MeetingDeps,
  tenantId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    // `#` is never in an interview id: no interview's lock shares this key.
    return await deps.interviewLocks.run(`${tenantId}\n#auto-host`, work);
  } catch (error) {
    if (error instanceof StoreLockTimeoutError) throw new InterviewBusyError({ cause: error });
    throw error;
  }
}
