import type { Interviewer, InterviewerHosting } from '@ats-zoom/contract';
import type { ConnectionRecord } from '../ports';
import type { CoreDeps } from '../shared/deps';

/**
 * Who of the interviewers can start the meeting `host` hosts, as far as the store tells: the
 * host's owner (`host`); an interviewer with no usable Zoom link here (`not_connected`); one
 * whose Zoom account is known to be another than the host's (`different_account`). Nobody is
 * made an alternative host here, so an interviewer in the host's Zoom account cannot start the
 * meeting either and is answered `not_connected` too (no licence is read). Names: the save's,
 * else the owner name of their Zoom link.
 */
export async function interviewerHosting(
  deps: Pick<CoreDeps, 'store'>,
  input: { tenantId: string; host: ConnectionRecord; interviewers: readonly Interviewer[] },
): Promise<InterviewerHosting[]> {
  if (input.interviewers.length === 0) return [];
  const links = await deps.store.connections.listForTenant(input.tenantId, 'zoom');
  const linkOf = new Map(links.map((link) => [link.userId, link]));
  const { host } = input;
  return input.interviewers.map(({ userId, name }): InterviewerHosting => {
    const link = linkOf.get(userId);
    const hosting = {
      userId,
      name: name ?? link?.userName ?? null,
      zoomEmail: link?.email ?? null,
    };
    if (userId === host.userId || link?.providerUserId === host.providerUserId) {
      return { ...hosting, status: 'host' };
    }
    const otherAccount =
      link?.status === 'active' &&
      link.providerAccountId !== null &&
      host.providerAccountId !== null &&
      link.providerAccountId !== host.providerAccountId;
    return { ...hosting, status: otherAccount ? 'different_account' : 'not_connected' };
  });
}
