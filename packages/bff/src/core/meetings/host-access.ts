import type { MeetingHostLinkStatus } from '@ats-zoom/contract';
import type { ConnectionRecord, MeetingRecord, StoreRepositories } from '../ports';
import type { CoreDeps } from '../shared/deps';
import { DomainError, HostDeactivatedError, HostUnavailableError } from '../shared/errors';
import { callWithFreshToken } from '../shared/fresh-token';

/**
 * Runs a meeting host call with the host's access token (`callWithFreshToken`). A token
 * refused again right after a refresh means the grant is gone: the link is marked
 * `needs_reauth` and the call answers `needs_reauth` (never a refresh loop).
 */
export async function callAsMeetingHost<T>(
  deps: CoreDeps,
  connection: ConnectionRecord,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  return callWithFreshToken(deps, connection, call, {
    rejectedAgain: { markNeedsReauth: true, error: () => new HostUnavailableError('needs_reauth') },
  });
}

/** A link of the tenant chosen as host, usable now; else the problem the user must fix. */
export async function loadUsableHost(
  deps: CoreDeps,
  tenantId: string,
  connectionId: string,
  notFound: () => Error,
): Promise<ConnectionRecord> {
  const connection = await deps.store.connections.findById(connectionId);
  if (!connection || connection.tenantId !== tenantId || connection.provider !== 'zoom') {
    throw notFound();
  }
  // The link of a deactivated ATS user is kept (and its meetings keep working), not offered.
  if (await deps.store.userStatuses.find(tenantId, connection.userId)) {
    throw new HostDeactivatedError();
  }
  switch (connection.status) {
    case 'active':
      return connection;
    // The scheduler is told what they can do (another host, or ask the owner), not to press 連携.
    case 'needs_reauth':
    case 'revoked':
      throw new HostUnavailableError('host_needs_reauth');
    // The Zoom account was linked again by another ATS user: within the tenant, the same Zoom
    // account hosts through that user's link (a form still naming the old link works); a link
    // now in another tenant cannot host here.
    case 'moved': {
      const successor = await deps.store.connections.findLiveByProviderUser(
        'zoom',
        connection.providerUserId,
      );
      if (successor?.tenantId === tenantId) {
        return loadUsableHost(deps, tenantId, successor.id, notFound);
      }
      throw new HostUnavailableError('host_moved');
    }
    default:
      return connection.status satisfies never;
  }
}

/**
 * A scheduler's work with a chosen host: Zoom refusing the host's grant mid-way (a refused
 * refresh or a rejected token: `needs_reauth`, meant for the link's owner) is told as
 * `host_needs_reauth`. Google's own problems have codes of their own and pass unchanged.
 */
export async function asChosenHost<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'needs_reauth') {
      throw new HostUnavailableError('host_needs_reauth');
    }
    throw error;
  }
}

/**
 * How the meeting's host link stands: the link that can act on it (see `findMeetingHost`), or,
 * when none is live, whether the one it was issued with was revoked at Zoom or is gone.
 */
export async function meetingHostLink(
  repos: Pick<StoreRepositories, 'connections'>,
  meeting: MeetingRecord,
): Promise<MeetingHostLinkStatus> {
  const original = await repos.connections.findById(meeting.connectionId);
  const live =
    original && (original.status === 'active' || original.status === 'needs_reauth')
      ? original
      : await repos.connections.findLiveByProviderUser('zoom', meeting.hostProviderUserId);
  if (live) return live.status === 'active' ? 'active' : 'needs_reauth';
  return original?.status === 'revoked' ? 'revoked' : 'not_connected';
}

/**
 * The link that can act on an existing meeting: the one it was issued with, or, when that
 * link moved to another ATS account, the live link of the same Zoom user (Zoom knows the
 * meeting by its host, not by our rows). `undefined` when no link of that Zoom user is live.
 */
export async function findMeetingHost(
  deps: CoreDeps,
  meeting: MeetingRecord,
): Promise<ConnectionRecord | undefined> {
  const original = await deps.store.connections.findById(meeting.connectionId);
  if (original && (original.status === 'active' || original.status === 'needs_reauth')) {
    return original;
  }
  return deps.store.connections.findLiveByProviderUser('zoom', meeting.hostProviderUserId);
}
