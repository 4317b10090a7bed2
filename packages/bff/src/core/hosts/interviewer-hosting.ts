import type { Interviewer, InterviewerHosting, InterviewerHostStatus } from '@ats-zoom/contract';
import type { ConnectionRecord, StoreRepositories } from '../ports';
import { DomainError, ProviderUnavailableError } from '../shared/errors';
import type { HostScheduleCache } from './host-schedules';

export interface InterviewerHostingDeps {
  store: Pick<StoreRepositories, 'connections' | 'userStatuses'>;
  /** The licence of each link, read with that link's token and cached per link. */
  hostSchedules: Pick<HostScheduleCache, 'licence'>;
}

/**
 * An interviewer as a save plans them: a status of the contract, or `licence_unknown` (same
 * account as the host, but Zoom did not tell one of the two licences): a save asks Zoom anyway
 * and lets its answer decide; a preview cannot tell and fails as Zoom being unavailable.
 */
export interface PlannedInterviewer extends Omit<InterviewerHosting, 'status'> {
  status: InterviewerHostStatus | 'licence_unknown';
  /** The interviewer's Zoom link (active), when they have one. */
  connectionId: string | null;
}

type Licence = 'licensed' | 'basic' | 'unknown' | 'unlinked';

/** Zoom's user types: 1 Basic, 2 Licensed (3 and up: licensed kinds); 99 None cannot host. */
function licenceOf(type: number | null): Licence {
  if (type === null) return 'unknown';
  return type >= 2 && type !== 99 ? 'licensed' : 'basic';
}

async function readLicence(deps: InterviewerHostingDeps, link: ConnectionRecord): Promise<Licence> {
  try {
    return licenceOf(await deps.hostSchedules.licence(link));
  } catch (error) {
    // The link's grant is gone (now needs_reauth): their Zoom account is no longer usable here.
    if (error instanceof DomainError && error.code === 'needs_reauth') return 'unlinked';
    return 'unknown';
  }
}

/** One Zoom account: a company account both belong to (a personal account has one user). */
function sameZoomAccount(host: ConnectionRecord, link: ConnectionRecord): boolean {
  return (
    host.accountType === 'managed' &&
    link.accountType === 'managed' &&
    host.providerAccountId !== null &&
    host.providerAccountId === link.providerAccountId
  );
}

/**
 * Who among the interviewers could start a meeting of `host`: its owner hosts; the others need
 * an active Zoom link in the tenant (`not_connected`), in the host's company Zoom account
 * (`different_account`), a licensed host (`host_not_licensed`) and a licence of their own
 * (`not_licensed`); the rest become alternative hosts. Licences come from Zoom through the
 * per-link cache the busy check uses, read only for those in the host's account.
 */
export async function planInterviewerHosting(
  deps: InterviewerHostingDeps,
  tenantId: string,
  host: ConnectionRecord,
  interviewers: readonly Interviewer[],
): Promise<PlannedInterviewer[]> {
  if (interviewers.length === 0) return [];
  const links = (await deps.store.connections.listForTenant(tenantId, 'zoom')).filter(
    (link) => link.status === 'active',
  );
  let hostLicence: Promise<Licence> | undefined;
  return Promise.all(
    interviewers.map(async (interviewer): Promise<PlannedInterviewer> => {
      if (interviewer.userId === host.userId) {
        return {
          userId: interviewer.userId,
          name: interviewer.name ?? host.userName,
          zoomEmail: host.email,
          status: 'host',
          connectionId: host.id,
        };
      }
      const found = links.find((link) => link.userId === interviewer.userId);
      // A deactivated user's link is kept but not used for anything new.
      const link =
        found && !(await deps.store.userStatuses.find(tenantId, found.userId)) ? found : undefined;
      const planned = (status: PlannedInterviewer['status']): PlannedInterviewer => ({
        userId: interviewer.userId,
        name: interviewer.name ?? found?.userName ?? null,
        zoomEmail: link?.email ?? null,
        status,
        connectionId: link?.id ?? null,
      });
      if (!link) return planned('not_connected');
      if (!sameZoomAccount(host, link)) return planned('different_account');
      hostLicence ??= readLicence(deps, host);
      const [ofHost, own] = await Promise.all([hostLicence, readLicence(deps, link)]);
      if (own === 'unlinked') return { ...planned('not_connected'), zoomEmail: null };
      if (ofHost === 'basic') return planned('host_not_licensed');
      if (own === 'basic') return planned('not_licensed');
      if (ofHost !== 'licensed' || own !== 'licensed' || link.email === null) {
        return planned('licence_unknown');
      }
      return planned('alternative_host');
    }),
  );
}

/** The contract's view for a preview: a licence Zoom did not tell is Zoom being unavailable. */
export async function interviewerHosting(
  deps: InterviewerHostingDeps,
  tenantId: string,
  host: ConnectionRecord,
  interviewers: readonly Interviewer[],
): Promise<InterviewerHosting[]> {
  const planned = await planInterviewerHosting(deps, tenantId, host, interviewers);
  return planned.map(({ connectionId: _link, status, ...rest }) => {
    if (status === 'licence_unknown') {
      throw new ProviderUnavailableError('Zoom did not tell an interviewer’s licence.');
    }
    return { ...rest, status };
  });
}

/** The e-mails a save asks Zoom to make alternative hosts. */
export function alternativeHostEmails(planned: readonly PlannedInterviewer[]): string[] {
  return planned
    .filter((i) => i.status === 'alternative_host' || i.status === 'licence_unknown')
    .flatMap((i) => (i.zoomEmail === null ? [] : [i.zoomEmail.toLowerCase()]));
}

/**
 * The statuses after Zoom answered: asked-for interviewers Zoom shows as alternative hosts are
 * ones; those it refused (or that were dropped after a refusal that named nobody) are, being in
 * the host's account, unlicensed as far as Zoom is concerned.
 */
export function settleInterviewerHosting(
  planned: readonly PlannedInterviewer[],
  atZoom: readonly string[],
): InterviewerHosting[] {
  const accepted = new Set(atZoom.map((email) => email.toLowerCase()));
  return planned.map(({ connectionId: _link, status, ...rest }) => {
    if (status !== 'alternative_host' && status !== 'licence_unknown') return { ...rest, status };
    const email = rest.zoomEmail?.toLowerCase();
    return {
      ...rest,
      status: email !== undefined && accepted.has(email) ? 'alternative_host' : 'not_licensed',
    };
  });
}
