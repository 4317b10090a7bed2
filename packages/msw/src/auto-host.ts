import type {
  AutoHostPick,
  AutoHostRole,
  Interviewer,
  InterviewerHosting,
  InterviewerHostStatus,
  PassedOverHost,
} from '@ats-zoom/contract';
import { hostFixtures } from './meeting-fixtures';
import type { HostBase } from './scenario-world';

/** Who 自動で選ぶ tries first: the save's `prefer` list, then the interviewers, then the scheduler. */
export interface AutoHostOrder {
  prefer: readonly string[];
  interviewers: readonly string[];
  /** The ATS user saving (the caller), or null when the fake answers for anyone. */
  schedulerUserId: string | null;
}

function roleOf(host: HostBase, order: AutoHostOrder): AutoHostRole {
  if (order.prefer.includes(host.ownerUserId)) return 'preferred';
  if (order.interviewers.includes(host.ownerUserId)) return 'interviewer';
  return host.ownerUserId === order.schedulerUserId ? 'scheduler' : 'other';
}

/**
 * What 自動で選ぶ picks among `hosts`, as the BFF does: every host in preference order (the
 * `prefer` list and the interviewers in their order, the scheduler, then the others by name), the
 * first one free at the slot picked; those before it are passed over (all of them when nobody is
 * free). A host whose check did not answer (`unknown`) is passed over, never picked.
 */
export function autoHostPick(hosts: readonly HostBase[], order: AutoHostOrder): AutoHostPick {
  const listed = [...order.prefer, ...order.interviewers];
  const rank = (host: HostBase) => {
    const at = listed.indexOf(host.ownerUserId);
    if (at >= 0) return at;
    return host.ownerUserId === order.schedulerUserId ? listed.length : listed.length + 1;
  };
  const ordered = [...hosts].sort(
    (a, b) => rank(a) - rank(b) || a.ownerName.localeCompare(b.ownerName, 'ja'),
  );
  const passedOver: PassedOverHost[] = [];
  for (const host of ordered) {
    const role = roleOf(host, order);
    if (host.selectable && host.busy === 'free') {
      const { connectionId, ownerUserId, ownerName } = host;
      return { connectionId, ownerUserId, ownerName, role, passedOver };
    }
    passedOver.push({
      connectionId: host.connectionId,
      ownerUserId: host.ownerUserId,
      ownerName: host.ownerName,
      role,
      reason: host.selectable ? (host.busy === 'busy' ? 'busy' : 'unknown') : 'unavailable',
    });
  }
  return { connectionId: null, ownerUserId: null, ownerName: null, role: null, passedOver };
}

/** The fixture hosts that are Basic (unlicensed) Zoom users; every other host has a licence. */
const basicConnectionIds: ReadonlySet<string> = new Set([hostFixtures.basicHost.connectionId]);

/**
 * The Zoom account a host's user belongs to: a company (managed) user is in its company's
 * account (its e-mail domain), a personal one in an account of its own.
 */
function zoomAccountOf(host: HostBase): string {
  const email = host.zoomEmail ?? host.connectionId;
  return host.accountType === 'managed' ? email.slice(email.indexOf('@')) : email;
}

/**
 * Whether each interviewer could start a meeting hosted by `host`, as the BFF judges it: the
 * host's owner hosts; Zoom adds as alternative hosts only licensed users of the host's own Zoom
 * account, and a Basic host has none; an interviewer without a usable Zoom link here is not known
 * to Zoom. `hostLicensed` overrides the host's licence (a scenario whose host is Basic).
 */
export function interviewerHostings(
  hosts: readonly HostBase[],
  host: HostBase,
  interviewers: readonly Interviewer[],
  hostLicensed = !basicConnectionIds.has(host.connectionId),
): InterviewerHosting[] {
  return interviewers.map(({ userId, name }) => {
    const link = hosts.find((each) => each.ownerUserId === userId);
    const usable = link !== undefined && link.unavailableReason === null;
    let status: InterviewerHostStatus;
    if (userId === host.ownerUserId) status = 'host';
    else if (!usable) status = 'not_connected';
    else if (!hostLicensed) status = 'host_not_licensed';
    else if (zoomAccountOf(link) !== zoomAccountOf(host)) status = 'different_account';
    else if (basicConnectionIds.has(link.connectionId)) status = 'not_licensed';
    else status = 'alternative_host';
    return {
      userId,
      name: name ?? (usable ? link.ownerName : null),
      zoomEmail: usable ? link.zoomEmail : null,
      status,
    };
  });
}
