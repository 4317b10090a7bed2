import type { MyConnections, Provider } from '@ats-zoom/contract';
import type { ConnectionRecord } from '../ports';
import { providerEntry } from '../providers';
import type { Actor } from '../shared/actor';
import type { CoreDeps } from '../shared/deps';
import { NotFoundError } from '../shared/errors';
import { connectPortOf } from './connect-ports';
import { toConnectionView } from './connection-view';

/**
 * The user's links: the meeting host's always; Google's (null too when the BFF has no Google
 * config); Outlook's only when the BFF has it configured. And their wait for the meeting host
 * admin's pre-approval while they have no active meeting host link.
 */
export async function getMyConnections(deps: CoreDeps, actor: Actor): Promise<MyConnections> {
  const find = (provider: Provider) =>
    providerEntry(deps.providers, provider)
      ? deps.store.connections.findForUser(actor.tenantId, actor.userId, provider)
      : undefined;
  const [zoom, google, outlook, waitingSince] = await Promise.all([
    find('zoom'),
    find('google'),
    find('outlook'),
    deps.store.approvalWaits.find(actor.tenantId, actor.userId),
  ]);
  const view = (link: ConnectionRecord | undefined) =>
    link ? toConnectionView(link, actor.tenantId) : null;
  return {
    zoom: view(zoom),
    google: view(google),
    ...(providerEntry(deps.providers, 'outlook') ? { outlook: view(outlook) } : {}),
    // An active link ends the wait (connecting removes it; this covers a link made meanwhile).
    ...(waitingSince && zoom?.status !== 'active'
      ? { zoomApprovalWait: { since: waitingSince.toISOString() } }
      : {}),
  };
}

/**
 * The user has seen that their link was moved in from another ATS account (the one-time
 * 「…から移されました」 notice): `movedFrom` is dropped, so later reads on any device leave it out.
 * Who it came from stays in the audit log (`connection.moved_in`).
 */
export async function acknowledgeConnectionNotice(
  deps: CoreDeps,
  actor: Actor,
  connectionId: string,
): Promise<void> {
  const connection = await ownConnection(deps, actor, connectionId);
  if (connection.movedFrom) await deps.store.connections.update(connection.id, { movedFrom: null });
}

/** The actor's own link; anyone else's looks absent, whatever the tenant. */
async function ownConnection(deps: CoreDeps, actor: Actor, connectionId: string) {
  const connection = await deps.store.connections.findById(connectionId);
  if (!connection || connection.tenantId !== actor.tenantId || connection.userId !== actor.userId) {
    throw new NotFoundError('No such connection.');
  }
  return connection;
}

/**
 * 連携解除: revokes the grant at the provider, then deletes the row and its tokens. A failed
 * revoke still deletes locally (the user asked to be disconnected) and is logged.
 */
export async function disconnectConnection(
  deps: CoreDeps,
  actor: Actor,
  connectionId: string,
): Promise<void> {
  const connection = await ownConnection(deps, actor, connectionId);

  let revoked = false;
  if (connection.status === 'active' && connection.tokenCiphertext) {
    const port = connectPortOf(deps, connection.provider);
    if (port) {
      revoked = await port.revokeConnection({
        ...connection,
        tokenCiphertext: connection.tokenCiphertext,
      });
    } else {
      deps.logger.warn(
        { connectionId, provider: connection.provider },
        'provider not configured; deleting the connection without revoking it',
      );
    }
  }

  await deps.store.transaction(async (tx) => {
    await tx.connections.delete(connection.id);
    await tx.audit.append({
      tenantId: actor.tenantId,
      actor: actor.userId,
      action: 'connection.disconnected',
      subjectType: 'connection',
      subjectId: connection.id,
      details: {
        provider: connection.provider,
        providerUserId: connection.providerUserId,
        revokedAtProvider: revoked,
      },
      at: deps.clock.now(),
    });
  });
}
