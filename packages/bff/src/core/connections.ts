import type { MyConnections } from '@ats-zoom/contract';
import type { Actor } from './actor';
import { describeError } from './connect-zoom';
import { toConnectionView } from './connection-view';
import type { CoreDeps } from './deps';
import { NotFoundError, ProviderInvalidGrantError } from './errors';

export async function getMyConnections(deps: CoreDeps, actor: Actor): Promise<MyConnections> {
  const zoom = await deps.store.connections.findForUser(actor.tenantId, actor.userId, 'zoom');
  return { zoom: zoom ? toConnectionView(zoom, actor.tenantId) : null };
}

/**
 * 連携解除: revokes the grant at Zoom, then deletes the row and its tokens. A failed revoke
 * still deletes locally (the user asked to be disconnected) and is logged.
 */
export async function disconnectConnection(
  deps: CoreDeps,
  actor: Actor,
  connectionId: string,
): Promise<void> {
  const connection = await deps.store.connections.findById(connectionId);
  // Someone else's link must look absent, whatever the tenant.
  if (!connection || connection.tenantId !== actor.tenantId || connection.userId !== actor.userId) {
    throw new NotFoundError('No such connection.');
  }

  let revoked = false;
  if (connection.status === 'active' && connection.tokenCiphertext) {
    try {
      const accessToken = await deps.accessTokens.getAccessToken(connection);
      await deps.zoomOAuth.revoke(accessToken);
      revoked = true;
    } catch (error) {
      if (!(error instanceof ProviderInvalidGrantError)) {
        deps.logger.warn(
          { connectionId, error: describeError(error) },
          'zoom revoke failed; deleting the connection anyway',
        );
      }
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
      details: { providerUserId: connection.providerUserId, revokedAtProvider: revoked },
      at: deps.clock.now(),
    });
  });
}
