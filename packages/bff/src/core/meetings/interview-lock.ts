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
